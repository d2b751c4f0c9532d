/** A plain-text table: numbers right-aligned, everything else left-aligned. */
export function formatTable(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || /^[\d.,x%+-]+$/.test(String(r[i]))));
  const line = (r: Array<string | number>) =>
    r.map((c, i) => (numeric[i] ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Thousands separators for integers, one decimal otherwise. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export const mbOf = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** One decimal place, as the tables print seconds and megabytes. */
export const round1 = (n: number): number => Math.round(n * 10) / 10;

/** a / b as "1.23x", or "-" when b is not positive. */
export const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');

/** Dollars; small lines keep enough digits to be checked against their arithmetic. */
export const usd = (n: number): string => (n >= 0.1 || n === 0 ? n.toFixed(2) : n.toPrecision(2));
