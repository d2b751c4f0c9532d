/**
 * Below this a number read as milliseconds would fall before March 1973, and read as seconds it
 * reaches past the year 5000: an RMM timestamp this small can only be seconds [I].
 */
const SECONDS_BELOW = 1e11;

/**
 * An epoch timestamp as an ISO instant, whether the vendor sent seconds (NinjaOne documents
 * seconds with fractions [V]) or milliseconds (live Datto RMM accounts [V field note]): read in
 * the wrong unit, a device seen yesterday would read as last seen in 1970, or in the year 57000.
 */
export function instantFromEpoch(value: number): string {
  return new Date(Math.round(value < SECONDS_BELOW ? value * 1000 : value)).toISOString();
}

/** An ISO date-time as an instant; [I] one without an offset is taken as UTC (Datto RMM, Kaseya VSA, Automate). */
export function instantFromIso(value: string): string {
  return new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`).toISOString();
}

/** Hardware dates before this are placeholders (0001-01-01, 1899-12-30, epoch 0), not facts [I]. */
const FIRST_PLAUSIBLE_DATE = '1990-01-01';

/**
 * A hardware date (warranty end, build or purchase date) as a calendar date, from epoch seconds or
 * milliseconds or a date or date-time string; null when absent, unreadable or a placeholder: an
 * unknown date is no signal, never a reason to quarantine the device.
 */
export function hardwareDate(value: number | string | null | undefined): string | null {
  if (value == null || value === '') return null;
  const date = typeof value === 'number' ? instantFromEpoch(value).slice(0, 10) : /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0];
  if (!date || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) return null;
  return date >= FIRST_PLAUSIBLE_DATE ? date : null;
}
