import * as z from 'zod';
import type { SourceConfig } from './schema';

/**
 * A PSA source's labor leakage settings: whether its tickets, time and invoices are read, how far
 * back, when the billing cycle closes, and the rates and covered work types the PSA does not say.
 */

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

const cents = z.number().int().nonnegative();

export const LaborSource = z
  .strictObject({
    /** Read this PSA's tickets, time entries and invoices every night (more requests: see the connector benchmark). */
    enabled: z.boolean().default(false).describe("Read the PSA's tickets, time entries and invoices every night for labor leakage"),
    lookbackDays: z.number().int().min(7).max(366).default(45).describe('How many days of work are read and judged'),
    /** Nights in between read only what the PSA changed since the last read. */
    fullReadDay: Weekday.default('SUN').describe('The weekday the whole window is read again (other nights read only what changed)'),
    /** Work dated before the most recent close day is in a closed cycle and should be on an invoice. */
    cycleCloseDay: z.number().int().min(1).max(28).default(1).describe('Day of the month the billing cycle closes'),
    rates: z
      .strictObject({
        /** Used when neither the entry nor its work type has a rate; without it such time is listed unpriced. */
        defaultCents: cents.nullable().default(null).describe('Hourly rate in cents when the time entry carries none and its work type has none below'),
        byWorkType: z.record(z.string().min(1), cents).default({}).describe('Hourly rate in cents per work type or billing code (case-insensitive)'),
      })
      .default({ defaultCents: null, byWorkType: {} }),
    /** Agreement type -> the work types it covers, for PSAs whose API does not say (case-insensitive). */
    coveredWorkTypes: z
      .record(z.string().min(1), z.array(z.string().min(1)))
      .default({})
      .describe('Work types or billing codes each agreement type covers, where the PSA does not expose them'),
  })
  .describe('Labor leakage: billable time never invoiced, out-of-scope work absorbed, closed tickets without billing, block-hours overage');
export type LaborSource = z.infer<typeof LaborSource>;

/** The fields every PSA source has on top of sourceCommon. */
export const psaCommon = {
  labor: LaborSource.optional(),
};

/** The night's switch: labor findings are judged and mailed (each PSA source still opts in to the pull). */
export const LaborFindings = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** The weekday finance gets the labor review list. */
    reviewDay: Weekday.default('MON'),
  })
  .default({ enabled: true, reviewDay: 'MON' });

/** A source's labor settings: PSA sources carry them, other kinds none. */
export const laborOf = (source: SourceConfig): LaborSource | undefined => ('labor' in source ? source.labor : undefined);
