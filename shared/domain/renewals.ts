import { addDays, daysBetween } from './dates';
import type { ClientGroup } from './matching';
import type { HealthColour } from './health/score';
import type { Agreement, RenewalAlert, Snapshot } from './model';
import type { WebLinks } from './reconcile';
import { agreementMrr } from './revenue/agreement';

/**
 * Agreements whose end falls 90-120 days (configurable) after the run date: the time a vCIO
 * needs to start a renewal conversation. A client in poor health gets it earlier (red 180 days
 * out, yellow 120, configurable), since winning it back takes longer. Agreements with no end date are skipped and counted,
 * or, when configured, alerted on the anniversary of their start.
 */

export interface RenewalRules {
  windowStartDays: number;
  windowEndDays: number;
  anniversaryForEvergreen: boolean;
  /** Days out a red or yellow client's alert comes instead of windowEndDays; absent: every client at windowEndDays. */
  earlierFor?: { red: number; yellow: number };
}

/** A client's health colour by client key, when scored (shared/domain/health). */
export type ColourOf = (clientKey: string) => HealthColour | undefined;

/** How many days out the window opens for a client: earlier for red and yellow ones, never later than the default. */
export function windowEndFor(rules: RenewalRules, colour: HealthColour | undefined): number {
  if (!rules.earlierFor || (colour !== 'red' && colour !== 'yellow')) return rules.windowEndDays;
  return Math.max(rules.windowEndDays, rules.earlierFor[colour]);
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

export function renewalsInWindow(psaSnapshots: Snapshot[], groups: ClientGroup[], runDate: string, rules: RenewalRules, vcio: VcioRouting, links?: WebLinks, colourOf: ColourOf = () => undefined): RenewalResult {
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
      const colour = colourOf(clientKey);
      if (daysLeft < rules.windowStartDays || daysLeft > windowEndFor(rules, colour)) continue;
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
        ...(daysLeft > rules.windowEndDays && (colour === 'red' || colour === 'yellow') ? { earlyFor: colour } : {}),
      });
    }
  }
  return { alerts, evergreenSkipped };
}

/** The end of the current term: the end date, or for evergreen agreements the next anniversary when configured. */
export function termEnd(agreement: Agreement, runDate: string, rules: RenewalRules): string | null {
  if (agreement.endDate && !agreement.noEndDate) return agreement.endDate;
  if (!rules.anniversaryForEvergreen || !agreement.startDate) return null;
  const [, month, day] = agreement.startDate.split('-');
  let year = Number(runDate.slice(0, 4));
  let candidate = `${year}-${month}-${day}`;
  while (candidate <= runDate) candidate = `${++year}-${month}-${day}`;
  // 29 February in a common year becomes 1 March.
  return addDays(candidate, 0);
}
