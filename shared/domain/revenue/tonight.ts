import type { Recipe } from '../../config/schema';
import type { CompletenessVerdict } from '../completeness';
import type { ClientGroup } from '../matching';
import type { Snapshot, SourceRole } from '../model';
import { licenceMargins } from './margin';
import { mrrByClient, type ClientCountsLike, type MrrNight } from './night';

export interface MrrTonightInput {
  runDate: string;
  /** Tonight's fresh snapshots, every role. */
  fresh: readonly Snapshot[];
  groups: readonly ClientGroup[];
  recipes: readonly Recipe[];
  counts: readonly ClientCountsLike[];
  /** Roles whose every source is fresh tonight. */
  freshRoles: readonly SourceRole[];
  suspect: CompletenessVerdict;
}

export type MrrTonight = { recorded: true; night: MrrNight } | { recorded: false; reason: string };

/**
 * Tonight's MRR picture, or why none is recorded: a PSA source missing or suspect would read as
 * clients churning, so such a night is held and the month is measured on the nights around it.
 * Margins need the marketplace: without it tonight they are left out and the notes say so.
 */
export function mrrTonight(input: MrrTonightInput): MrrTonight {
  if (!input.freshRoles.includes('psa')) return { recorded: false, reason: 'a PSA source is not fresh tonight: its agreements would read as churn' };
  const suspect = input.suspect.suspectSources.filter((s) => s.role === 'psa');
  if (suspect.length > 0) return { recorded: false, reason: `PSA data is suspect tonight (${suspect.map((s) => s.reason).join('; ')})` };
  const psa = input.fresh.filter((s) => s.role === 'psa');
  const { clients, notes } = mrrByClient(psa, input.runDate, input.counts);
  const withMarketplace = input.freshRoles.includes('marketplace');
  const margins = withMarketplace ? licenceMargins(input.groups, input.fresh, input.recipes, input.runDate) : [];
  return {
    recorded: true,
    night: { runDate: input.runDate, clients, margins, notes: withMarketplace ? notes : [...notes, 'licence margins left out: no marketplace source is fresh tonight'] },
  };
}
