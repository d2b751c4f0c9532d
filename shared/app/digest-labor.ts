import * as z from 'zod';
import { laborDigestSection, type LaborDigestSection } from '../mail/labor-section';
import { loadLaborLedger } from '../store/labor';
import { getRunRecord } from '../store/snapshots';
import type { AppContext } from './context';

/** What the digest reads of a night's run record for labor (reconcile-labor.ts laborRunRecord); absent on nights before labor. */
const RecordedLabor = z.object({
  sources: z.array(z.object({ sourceId: z.string(), stale: z.string().nullable() })),
  effectiveRates: z.array(
    z.object({ clientKey: z.string(), clientName: z.string(), hoursWorked: z.number(), billedCents: z.number().nullable(), effectiveRateCents: z.number().nullable(), trendCents: z.number().nullable() }),
  ),
});

/** The owner digest's "Labor leakage" section for the newest night, or null when no PSA's work is read. */
export async function laborSectionFor(ctx: AppContext, runDate: string): Promise<LaborDigestSection | null> {
  if (!ctx.config.laborFindings.enabled) return null;
  const recorded = RecordedLabor.safeParse((await getRunRecord(ctx.table, runDate))?.labor);
  const night = recorded.success
    ? { effectiveRates: recorded.data.effectiveRates, stale: recorded.data.sources.flatMap((s) => (s.stale ? [{ sourceId: s.sourceId, reason: s.stale }] : [])) }
    : { effectiveRates: [], stale: [] };
  return laborDigestSection(await loadLaborLedger(ctx.table), runDate, night);
}
