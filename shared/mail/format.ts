/** Money, dates and counts as the emails print them: whole dollars for totals, cents for unit prices. */

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, fractionDigits: number): Intl.NumberFormat {
  const key = `${currency}|${fractionDigits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
    formatters.set(key, f);
  }
  return f;
}

/** `$4,210`; with `exact`, `$45.00` (unit prices, where cents matter). */
export function money(cents: number, currency: string, exact = false): string {
  return formatter(currency, exact ? 2 : 0).format(exact ? cents / 100 : Math.round(cents / 100));
}

/** `+$310`, `−$120` (a real minus sign), `$0`: a change, never ambiguous about its direction. */
export function signedMoney(cents: number, currency: string): string {
  const rounded = Math.round(cents / 100) * 100;
  if (rounded === 0) return money(0, currency);
  return `${rounded > 0 ? '+' : '\u2212'}${money(Math.abs(rounded), currency)}`;
}

export const perMonth = (cents: number, currency: string): string => `${money(cents, currency)}/month`;

const dateFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const shortDateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** `Mon 2 Mar 2026`: day-month order and a weekday leave no doubt which date it is. */
export function longDate(isoDate: string): string {
  return dateFormat.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`)).replace(',', '');
}

/** `2 Mar`: chart labels. */
export function shortDate(isoDate: string): string {
  return shortDateFormat.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

/** A timestamp in the MSP's time zone: `Tue 3 Mar 2026, 09:14`. */
export function dateTime(isoTimestamp: string, timeZone: string): string {
  const d = new Date(isoTimestamp);
  if (Number.isNaN(d.getTime())) return isoTimestamp;
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone })
    .format(d)
    .replace(/,(?= \d{1,2} )/, '');
}

export function quantity(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${quantity(n)} ${n === 1 ? one : many}`;
}
