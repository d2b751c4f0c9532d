import * as z from 'zod';

/** Value schemas every part of the canonical model uses (model.ts, work.ts). */

// zod's ISO date checks the calendar too (month 13, 31 April, 29 February off leap years), so an
// impossible date is refused where it is parsed, vendor records included: quarantined, never counted.
export const IsoDate = z.iso.date({ error: 'expected a calendar date as YYYY-MM-DD' });
export const IsoTimestamp = z.iso.datetime({ offset: true });

/**
 * Whatever a PSA connector needs to write back to this record (a line's quantity, a time entry's billing). Opaque to the engine;
 * each connector defines and validates its own shape.
 */
export const WriteBackRef = z.record(z.string(), z.union([z.string(), z.number()]));
export type WriteBackRef = z.infer<typeof WriteBackRef>;
