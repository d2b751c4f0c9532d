import * as z from 'zod';
import { HEALTH_COMPONENTS, MEASURES, ticketsPerSeat, type ClientHealthInputs, type HealthComponentKey, type PeerContext } from './components';

/**
 * A client's health, 0-100, as the weighted mean of the components it has: each component's
 * weight is scaled so the present ones add to 100%, and every component lists its score, its
 * share of the weight and the points it contributed (the contributions add to the score). A
 * client whose present components carry too little of the weight gets no score ("unknown").
 */

export const HealthColour = z.enum(['green', 'yellow', 'red', 'unknown']);
export type HealthColour = z.infer<typeof HealthColour>;

export const HealthComponent = z.object({
  key: z.enum(HEALTH_COMPONENTS),
  /** The configured weight. */
  weight: z.number(),
  /** 0-100, or null when the input is missing. */
  score: z.number().nullable(),
  /** Share of the total weight after re-weighting over the present components (0-1); 0 when missing. */
  share: z.number(),
  /** Points this component added to the score (score x share). */
  contribution: z.number(),
  facts: z.record(z.string(), z.union([z.number(), z.string()])),
  /** Why it could not be scored, in words; null when scored. */
  missing: z.string().nullable(),
});
export type HealthComponent = z.infer<typeof HealthComponent>;

export const HealthScore = z.object({
  clientKey: z.string(),
  runDate: z.string(),
  /** Null when too little of the weight could be judged. */
  score: z.number().int().nullable(),
  colour: HealthColour,
  /** The share of the configured weight that had inputs, 0-100. */
  coveragePct: z.number().int(),
  components: z.array(HealthComponent),
});
export type HealthScore = z.infer<typeof HealthScore>;

/** One night of a client's score history, for the trend. */
export const HealthPoint = z.object({ runDate: z.string(), score: z.number().int().nullable(), colour: HealthColour });
export type HealthPoint = z.infer<typeof HealthPoint>;

export interface HealthRules {
  weights: Record<HealthComponentKey, number>;
  greenFrom: number;
  yellowFrom: number;
  minCoveragePercent: number;
}

/** A median needs a few clients behind it before one client is compared with it. */
export const MIN_PEERS = 3;

export function peerContext(all: readonly ClientHealthInputs[]): PeerContext {
  const rates = all.map(ticketsPerSeat).filter((r): r is number => r !== null).sort((a, b) => a - b);
  if (rates.length < MIN_PEERS) return { medianTicketsPerSeat: null };
  const mid = Math.floor(rates.length / 2);
  return { medianTicketsPerSeat: rates.length % 2 ? rates[mid]! : (rates[mid - 1]! + rates[mid]!) / 2 };
}

export function scoreClient(clientKey: string, inputs: ClientHealthInputs, peers: PeerContext, rules: HealthRules): HealthScore {
  const measured = HEALTH_COMPONENTS.map((key) => ({ key, weight: rules.weights[key], m: MEASURES[key](inputs, peers) }));
  const total = measured.reduce((n, c) => n + c.weight, 0);
  const present = measured.reduce((n, c) => n + ('score' in c.m ? c.weight : 0), 0);
  const components: HealthComponent[] = measured.map(({ key, weight, m }) => {
    if (!('score' in m)) return { key, weight, score: null, share: 0, contribution: 0, facts: {}, missing: m.missing };
    const share = present > 0 ? weight / present : 0;
    return { key, weight, score: m.score, share: round(share, 3), contribution: round(m.score * share, 1), facts: m.facts, missing: null };
  });
  const coveragePct = total > 0 ? Math.round((present / total) * 100) : 0;
  const judged = present > 0 && coveragePct >= rules.minCoveragePercent;
  const score = judged ? Math.round(components.reduce((n, c) => n + (c.score ?? 0) * (c.weight / present), 0)) : null;
  return { clientKey, runDate: inputs.runDate, score, colour: colourOf(score, rules), coveragePct, components };
}

export function colourOf(score: number | null, rules: Pick<HealthRules, 'greenFrom' | 'yellowFrom'>): HealthColour {
  if (score === null) return 'unknown';
  return score >= rules.greenFrom ? 'green' : score >= rules.yellowFrom ? 'yellow' : 'red';
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** Every client's score, each against the MSP's median. */
export function scoreClients(inputs: ReadonlyMap<string, ClientHealthInputs>, rules: HealthRules): Map<string, HealthScore> {
  const peers = peerContext([...inputs.values()]);
  return new Map([...inputs].map(([key, i]) => [key, scoreClient(key, i, peers, rules)]));
}
