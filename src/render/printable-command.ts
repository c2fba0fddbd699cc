/** Shell-quotes an argv so a printed command can be pasted into a shell (kind PrettyCommand). */
export function shellQuote(arg: string): string {
  if (arg === '') return "''";
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function printableCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map(shellQuote).join(' ');
}
