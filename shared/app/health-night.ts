import { addDays } from '../domain/dates';
import { healthInputs } from '../domain/health/inputs';
import { scoreClients, type HealthPoint, type HealthScore } from '../domain/health/score';
import type { LedgerEntry } from '../domain/ledger';
import type { ClientGroup } from '../domain/matching';
import type { Snapshot } from '../domain/model';
import { buildQbrPack, qbrClients } from '../domain/qbr';
import type { ClientCounts, LineUsage } from '../domain/reconcile';
import type { CountPoint } from '../domain/renewal-risk';
import { listHealthHistory, putHealthScores, putQbrPacks } from '../store/health';
import { listClientCounts } from '../store/records';
import type { ClientExtras } from './client-extras';
import type { AppContext } from './context';

/**
 * The night's client health: each matched client's inputs (tonight's snapshots, ledger and
 * counts, and its stored seat trend), scored against the MSP's median and kept per night; then
 * each client's QBR pack. Runs after tonight's counts are stored, so the trends include tonight.
 */

/** How far back the seat trend and the health trend look. */
export const HEALTH_LOOKBACK_DAYS = 90;
/** Clients read at once: two queries each (counts, past scores). */
const CLIENTS_AT_ONCE = 10;

export interface HealthNightResult {
  scores: Map<string, HealthScore>;
  /** Seat trends by client key, for the renewal alerts (read once here). */
  countTrends: Map<string, CountPoint[]>;
  /** Nightly scores by client key including tonight, oldest first. */
  healthTrends: Map<string, HealthPoint[]>;
}

export async function scoreHealthNight(
  ctx: AppContext,
  night: { runDate: string; fresh: Snapshot[]; groups: ClientGroup[]; ledger: LedgerEntry[]; counts: ClientCounts[] },
): Promise<HealthNightResult> {
  const since = addDays(night.runDate, -HEALTH_LOOKBACK_DAYS);
  const countTrends = new Map<string, CountPoint[]>();
  const past = new Map<string, HealthPoint[]>();
  for (let i = 0; i < night.groups.length; i += CLIENTS_AT_ONCE) {
    await Promise.all(
      night.groups.slice(i, i + CLIENTS_AT_ONCE).map(async (g) => {
        const [counts, history] = await Promise.all([listClientCounts(ctx.table, g.key, since), listHealthHistory(ctx.table, g.key, since)]);
        countTrends.set(g.key, counts);
        past.set(g.key, history.filter((h) => h.runDate < night.runDate));
      }),
    );
  }
  const psa = night.fresh.filter((s) => s.role === 'psa');
  const inputs = healthInputs({ runDate: night.runDate, groups: night.groups, psa, ledger: night.ledger, counts: night.counts, trends: countTrends });
  const scores = scoreClients(inputs, ctx.config.health);
  await putHealthScores(ctx.table, night.runDate, [...scores.values()]);
  const healthTrends = new Map([...scores].map(([key, s]) => [key, [...(past.get(key) ?? []), { runDate: s.runDate, score: s.score, colour: s.colour }]]));
  return { scores, countTrends, healthTrends };
}

/** Every matched client's QBR pack for tonight, stored for the read-only link and `trueup qbr`. */
export async function fileQbrPacks(
  ctx: AppContext,
  night: { runDate: string; fresh: Snapshot[]; groups: ClientGroup[]; usage: LineUsage[] },
  health: HealthNightResult,
  extras: (clientKey: string) => ClientExtras,
): Promise<number> {
  const packs = qbrClients(night.runDate, night.groups, night.fresh, night.usage).map((c) =>
    buildQbrPack(c, { health: health.scores.get(c.clientKey) ?? null, healthTrend: health.healthTrends.get(c.clientKey) ?? [], anniversaryForEvergreen: ctx.config.renewals.anniversaryForEvergreen, ...extras(c.clientKey) }),
  );
  await putQbrPacks(ctx.table, packs);
  return packs.length;
}
