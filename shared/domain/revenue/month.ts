import type { ClientMrr, MrrNight, ProductMargin } from './night';
import { mrrByService } from './night';

/**
 * A month's MRR movements, from two nights: the last night of the month before (its start; the
 * first night of the month when Trueup has no earlier one) and the last night of the month (its
 * end). Each client's change is one movement: new (nothing at the start), churned (nothing at the
 * end), expansion or contraction; so the movements always add up to ending − starting.
 * NRR and GRR are over the clients billed at the start: NRR = their ending MRR / starting MRR,
 * GRR = the same with each client capped at its starting MRR (expansion not counted).
 */

export type MovementKind = 'new' | 'expansion' | 'contraction' | 'churned';

export interface ClientMovement {
  clientKey: string;
  clientName: string;
  kind: MovementKind;
  fromCents: number;
  toCents: number;
  /** toCents − fromCents. */
  cents: number;
}

export interface Movements {
  startingCents: number;
  newCents: number;
  expansionCents: number;
  /** Negative, like churnedCents: starting + new + expansion + contraction + churned = ending. */
  contractionCents: number;
  churnedCents: number;
  endingCents: number;
  clients: ClientMovement[];
}

export interface Retention {
  /** Percent; null when nothing was billed at the start. */
  nrr: number | null;
  grr: number | null;
}

export function movementsBetween(start: readonly ClientMrr[], end: readonly ClientMrr[]): Movements {
  const from = new Map(start.map((c) => [c.clientKey, c]));
  const to = new Map(end.map((c) => [c.clientKey, c]));
  const keys = [...new Set([...from.keys(), ...to.keys()])].sort();
  const clients: ClientMovement[] = [];
  for (const clientKey of keys) {
    const a = from.get(clientKey)?.cents ?? 0;
    const b = to.get(clientKey)?.cents ?? 0;
    if (a === b) continue;
    const kind: MovementKind = a === 0 ? 'new' : b === 0 ? 'churned' : b > a ? 'expansion' : 'contraction';
    clients.push({ clientKey, clientName: (to.get(clientKey) ?? from.get(clientKey))!.clientName, kind, fromCents: a, toCents: b, cents: b - a });
  }
  const sum = (k: MovementKind) => clients.filter((c) => c.kind === k).reduce((n, c) => n + c.cents, 0);
  return {
    startingCents: total(start),
    newCents: sum('new'),
    expansionCents: sum('expansion'),
    contractionCents: sum('contraction'),
    churnedCents: sum('churned'),
    endingCents: total(end),
    clients,
  };
}

const total = (clients: readonly ClientMrr[]) => clients.reduce((n, c) => n + c.cents, 0);

export function retention(start: readonly ClientMrr[], end: readonly ClientMrr[]): Retention {
  const base = total(start);
  if (base <= 0) return { nrr: null, grr: null };
  const endOf = new Map(end.map((c) => [c.clientKey, c.cents]));
  const kept = start.reduce((n, c) => n + (endOf.get(c.clientKey) ?? 0), 0);
  const keptCapped = start.reduce((n, c) => n + Math.min(c.cents, endOf.get(c.clientKey) ?? 0), 0);
  return { nrr: (kept / base) * 100, grr: (keptCapped / base) * 100 };
}

export interface MrrMonth {
  /** YYYY-MM. */
  month: string;
  /** The nights the figures come from. */
  startNight: string;
  endNight: string;
  /** Why the start is not the last night of the month before, when it is not. */
  startNote: string | null;
  movements: Movements;
  /** Over the month. */
  monthRetention: Retention;
  /** Over the twelve months to endNight; null with a reason when history is shorter. */
  trailing: Retention & { fromNight: string | null; note: string | null };
  perSeatCents: number | null;
  perDeviceCents: number | null;
  services: ReturnType<typeof mrrByService>;
  margins: ProductMargin[];
  notes: string[];
}

export type MonthResult = { ok: true; month: MrrMonth } | { ok: false; reason: string };

/**
 * The month whose revenue a digest dated `date` reports: the month before, when the digest is the
 * month's first issue (weekly, so dated within its first seven days); otherwise none.
 */
export function revenueMonthOfDigest(date: string): string | null {
  return Number(date.slice(8, 10)) <= 7 ? prevMonth(date.slice(0, 7)) : null;
}

const prevMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};
const monthsBack = (month: string, n: number) => Array.from({ length: n }).reduce<string>((m) => prevMonth(m), month);

/** The last stored night on or before the end of `month`, within that month. */
const lastNightOf = (nights: readonly MrrNight[], month: string) => nights.filter((n) => n.runDate.startsWith(month)).at(-1);

/** `nights` in run-date order; `month` as YYYY-MM. */
export function mrrMonth(nights: readonly MrrNight[], month: string): MonthResult {
  const sorted = [...nights].sort((a, b) => a.runDate.localeCompare(b.runDate));
  const end = lastNightOf(sorted, month);
  if (!end) return { ok: false, reason: `no night stored in ${month}: MRR is recorded by each nightly run` };
  const before = lastNightOf(sorted, prevMonth(month));
  const start = before ?? sorted.find((n) => n.runDate.startsWith(month))!;
  const startNote = before ? null : `no night stored in ${prevMonth(month)}: the month starts from ${start.runDate}, the first night stored`;
  const yearAgo = lastNightOf(sorted, monthsBack(month, 12));
  const seats = end.clients.reduce((n, c) => n + (c.seats ?? 0), 0);
  const devices = end.clients.reduce((n, c) => n + (c.devices ?? 0), 0);
  const billed = (pick: (c: ClientMrr) => number | null) => end.clients.filter((c) => (pick(c) ?? 0) > 0).reduce((n, c) => n + c.cents, 0);
  return {
    ok: true,
    month: {
      month,
      startNight: start.runDate,
      endNight: end.runDate,
      startNote,
      movements: movementsBetween(start.clients, end.clients),
      monthRetention: retention(start.clients, end.clients),
      trailing: yearAgo
        ? { ...retention(yearAgo.clients, end.clients), fromNight: yearAgo.runDate, note: null }
        : { nrr: null, grr: null, fromNight: null, note: `twelve months of history are needed; the first night stored is ${sorted[0]!.runDate}` },
      // Over the clients that have seats (devices): revenue of clients without any would inflate the ratio.
      perSeatCents: seats > 0 ? Math.round(billed((c) => c.seats) / seats) : null,
      perDeviceCents: devices > 0 ? Math.round(billed((c) => c.devices) / devices) : null,
      services: mrrByService(end),
      margins: end.margins,
      notes: end.notes,
    },
  };
}
