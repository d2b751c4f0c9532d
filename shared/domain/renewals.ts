import { addDays, daysBetween } from './dates';
import type { ClientGroup } from './matching';
import type { Agreement, RenewalAlert, Snapshot } from './model';
import type { WebLinks } from './reconcile';
import { agreementMrr } from './revenue/agreement';

/**
 * Agreements whose end falls 90-120 days (configurable) after the run date: the time a vCIO
 * needs to start a renewal conversation. Agreements with no end date are skipped and counted,
 * or, when configured, alerted on the anniversary of their start.
 */

export interface RenewalRules {
  windowStartDays: number;
  windowEndDays: number;
  anniversaryForEvergreen: boolean;
}

export interface VcioRouting {
  default: string;
  fromAccountManager: boolean;
  byClient: Record<string, string>;
}

export interface RenewalResult {
  alerts: RenewalAlert[];
  evergreenSkipped: number;
}

export function renewalsInWindow(psaSnapshots: Snapshot[], groups: ClientGroup[], runDate: string, rules: RenewalRules, vcio: VcioRouting, links?: WebLinks): RenewalResult {
  const groupOf = new Map(groups.map((g) => [g.key, g]));
  const alerts: RenewalAlert[] = [];
  let evergreenSkipped = 0;
  for (const snap of psaSnapshots) {
    for (const agreement of snap.agreements) {
      if (agreement.status !== 'active') continue;
      const clientKey = `${snap.sourceId}:${agreement.clientExternalId}`;
      const group = groupOf.get(clientKey);
      if (!group) continue;
      const end = termEnd(agreement, runDate, rules);
      if (end === null) {
        evergreenSkipped++;
        continue;
      }
      const daysLeft = daysBetween(runDate, end);
      if (daysLeft < rules.windowStartDays || daysLeft > rules.windowEndDays) continue;
      const agreementUrl = links?.agreement(snap.sourceId, agreement.externalId);
      alerts.push({
        ...(agreementUrl ? { agreementUrl } : {}),
        agreementKey: `${snap.sourceId}:${agreement.externalId}`,
        clientKey,
        clientName: group.psa.name,
        agreementName: agreement.name,
        endDate: end,
        daysLeft,
        mrrCents: agreementMrr(agreement, runDate),
        vcioEmail: vcio.byClient[clientKey] ?? (vcio.fromAccountManager ? group.psa.accountManagerEmail : null) ?? vcio.default,
      });
    }
  }
  return { alerts, evergreenSkipped };
}

/** The end of the current term: the end date, or for evergreen agreements the next anniversary when configured. */
function termEnd(agreement: Agreement, runDate: string, rules: RenewalRules): string | null {
  if (agreement.endDate && !agreement.noEndDate) return agreement.endDate;
  if (!rules.anniversaryForEvergreen || !agreement.startDate) return null;
  const [, month, day] = agreement.startDate.split('-');
  let year = Number(runDate.slice(0, 4));
  let candidate = `${year}-${month}-${day}`;
  while (candidate <= runDate) candidate = `${++year}-${month}-${day}`;
  // 29 February in a common year becomes 1 March.
  return addDays(candidate, 0);
}
