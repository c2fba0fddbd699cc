/**
 * Number formatting shared by the HTML report, its charts and the CSV/SMP exports: units are
 * converted in one place (µs → ms, bytes → MiB) and shown with a precision that suits the size.
 */

const BYTES_PER_MIB = 1024 * 1024;

/** Microseconds to milliseconds. */
export function usToMs(valueUs: number): number {
  return valueUs / 1000;
}

/** Bytes to MiB. */
export function bytesToMib(valueBytes: number): number {
  return valueBytes / BYTES_PER_MIB;
}

/** Rounds to `digits` significant digits without exponent notation (0.000412 → 0.000412). */
export function roundSignificant(value: number, digits: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const factor = 10 ** (digits - 1 - magnitude);
  return Math.round(value * factor) / factor;
}

/**
 * Formats a number for display: 3 significant digits below 100, whole numbers above, thousands
 * separated with commas (`1,250`, `0.412`, `12.4`). `null` becomes an en dash.
 */
export function formatNumber(value: number | null | undefined, options: { significant?: number } = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const significant = options.significant ?? 3;
  const abs = Math.abs(value);
  if (abs >= 10 ** significant) return Math.round(value).toLocaleString('en-US');
  const rounded = roundSignificant(value, significant);
  const decimals = rounded === 0 ? 0 : Math.max(0, significant - 1 - Math.floor(Math.log10(Math.abs(rounded))));
  return rounded.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: Math.min(decimals, 6) });
}

/** Microseconds shown as milliseconds, e.g. `0.412`. */
export function formatUsAsMs(valueUs: number | null | undefined): string {
  return valueUs === null || valueUs === undefined ? '–' : formatNumber(usToMs(valueUs));
}

/** A signed difference, e.g. `+0.41` or `−0.02` (true minus sign). */
export function formatSigned(value: number | null | undefined, options: { significant?: number } = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const text = formatNumber(Math.abs(value), options);
  if (text === '0') return '0';
  return value < 0 ? `\u2212${text}` : `+${text}`;
}

/** A share 0..1 as a percentage, e.g. `42%`. */
export function formatShareAsPct(share: number | null | undefined): string {
  return share === null || share === undefined ? '–' : `${formatNumber(share * 100, { significant: 2 })}%`;
}

/** A rate in requests per second, e.g. `1,000 rps`. */
export function formatRps(rps: number): string {
  return `${formatNumber(rps, { significant: 4 })} rps`;
}
