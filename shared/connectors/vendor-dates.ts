import * as z from 'zod';
import { instantFromIso } from './epoch';

/** Date and time fields as PSAs send them (Autotask, HaloPSA, Syncro): with or without a time, with or without an offset. */

/** A date field sent as a date or a date-time: the date part is the date. */
export const datePrefix = (message = 'expected an ISO date') =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}/, message)
    .transform((s) => s.slice(0, 10));

/** A date-time kept as sent (its date part is the vendor's calendar day); a bare date is allowed. */
export const wallTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i, 'expected an ISO date-time');

/** A date or date-time as an instant: a bare date is its midnight, and [I] one without an offset is UTC. */
export const isoInstant = (value: string): string => instantFromIso(value.length === 10 ? `${value}T00:00:00` : value);

/** An instant; a bare date is its midnight, and [I] one without an offset is UTC. */
export const utcInstant = wallTime.transform(isoInstant);
