import { describe, expect, it } from 'vitest';
import { printableCommand, shellQuote } from '../../src/render/printable-command.ts';

describe('shell quoting', () => {
  it('leaves safe words alone and single-quotes the rest', () => {
    expect(shellQuote('--set=values.global.proxy@1.28')).toBe('--set=values.global.proxy@1.28');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's $HOME")).toBe("'it'\\''s $HOME'");
  });

  it('a command line that pastes back into a shell', () => {
    expect(printableCommand('kubectl', ['apply', '-f', '-', '--selector', 'app=order service'])).toBe("kubectl apply -f - --selector 'app=order service'");
  });
});
