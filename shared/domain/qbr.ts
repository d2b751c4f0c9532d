import * as z from 'zod';
import { daysBetween } from './dates';
import { HealthPoint, HealthScore } from './health/score';
import { groupBy, type ClientGroup } from './matching';
import { DeviceClass, IsoDate, type Agreement, type Device, type Snapshot } from './model';
import { Opportunity } from './opportunity';
import type { LineUsage } from './reconcile';
import { agreementMrr } from './revenue/agreement';
import { termEnd } from './renewals';
import type { Ticket } from './work';

/**
 * A client's quarterly business review in numbers, gathered from one night: seats billed against
 * used, devices by class and by how long they have been managed, the quarter's tickets, health
 * and its parts, the next renewal, MRR, and (when given) margin and opportunities. Rendered by
 * shared/mail/render-qbr.ts; stored per client and night for the read-only link.
 */

export const QbrPack = z.object({
  clientKey: z.string(),
  clientName: z.string(),
  runDate: IsoDate,
  quarter: z.object({ label: z.string(), from: IsoDate, to: IsoDate }),
  seats: z.array(z.object({ product: z.string(), billed: z.number(), used: z.number() })),
  devices: z.object({
    total: z.number().int(),
    byClass: z.array(z.object({ deviceClass: DeviceClass, count: z.number().int() })),
    /** Managed for: since the RMM device was first stored by Trueup (the RMMs state no purchase date). */
    byAge: z.array(z.object({ bucket: z.enum(['under-1y', '1-3y', '3y-plus', 'unknown']), count: z.number().int() })),
  }),
  /** Null when the PSA's tickets were not read. */
  tickets: z.object({ opened: z.number().int(), closed: z.number().int(), open: z.number().int(), slaBreached: z.number().int().nullable(), reopened: z.number().int().nullable() }).nullable(),
  health: HealthScore.nullable(),
  healthTrend: z.array(HealthPoint),
  renewal: z.object({ agreementName: z.string(), endDate: IsoDate, daysLeft: z.number().int() }).nullable(),
  mrrCents: z.number().int(),
  /** Absent until the MRR picture supplies it; null when it could not be worked out. */
  marginCents: z.number().int().nullable().optional(),
  /** Absent until the expansion signals supply them. */
  opportunities: z.array(Opportunity).optional(),
});
export type QbrPack = z.infer<typeof QbrPack>;

/** One client's records for its pack: already the client's own (see qbrClients). */
export interface QbrClient {
  runDate: string;
  clientKey: string;
  clientName: string;
  agreements: Agreement[];
  /** The client's devices across its RMM organizations. */
  devices: Device[];
  /** Null when the PSA's tickets were not read. */
  tickets: Ticket[] | null;
  usage: LineUsage[];
}

export interface QbrExtras {
  health: HealthScore | null;
  healthTrend: HealthPoint[];
  anniversaryForEvergreen: boolean;
  /** Licence margin a month and the vCIO's opportunities (shared/app/client-extras.ts), when the night computed them. */
  marginCents?: number | null;
  opportunities?: Opportunity[];
}

/** Each matched client's records, indexed once per night so building every pack stays linear. */
export function qbrClients(runDate: string, groups: readonly ClientGroup[], snapshots: readonly Snapshot[], usage: readonly LineUsage[]): QbrClient[] {
  const bySource = new Map(snapshots.map((s) => [s.sourceId, { s, devices: groupBy(s.devices, (d) => d.clientExternalId), agreements: groupBy(s.agreements, (a) => a.clientExternalId), tickets: groupBy(s.work?.tickets ?? [], (t) => t.clientExternalId) }]));
  const usageOf = groupBy(usage, (u) => u.clientKey);
  return groups.map((g) => {
    const psa = bySource.get(g.psaSourceId);
    const id = g.psa.externalId;
    return {
      runDate,
      clientKey: g.key,
      clientName: g.psa.name,
      agreements: psa?.agreements.get(id) ?? [],
      devices: g.members.filter((m) => m.role === 'rmm').flatMap((m) => bySource.get(m.sourceId)?.devices.get(m.client.externalId) ?? []),
      tickets: psa?.s.work ? (psa.tickets.get(id) ?? []) : null,
      usage: usageOf.get(g.key) ?? [],
    };
  });
}

/** The calendar quarter the run date falls in, to the run date. */
export function quarterOf(runDate: string): QbrPack['quarter'] {
  const year = runDate.slice(0, 4);
  const q = Math.floor((Number(runDate.slice(5, 7)) - 1) / 3);
  return { label: `Q${q + 1} ${year}`, from: `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`, to: runDate };
}

export function buildQbrPack(c: QbrClient, x: QbrExtras): QbrPack {
  const active = c.agreements.filter((a) => a.status === 'active');
  const quarter = quarterOf(c.runDate);
  return {
    clientKey: c.clientKey,
    clientName: c.clientName,
    runDate: c.runDate,
    quarter,
    seats: c.usage.map((u) => ({ product: u.product, billed: u.billed, used: u.observed })),
    devices: devicesOf(c.devices.filter((d) => !d.deleted), c.runDate),
    tickets: c.tickets ? ticketsIn(c.tickets, quarter) : null,
    health: x.health,
    healthTrend: x.healthTrend,
    renewal: nextRenewal(active, c.runDate, x.anniversaryForEvergreen),
    mrrCents: active.reduce((sum, a) => sum + agreementMrr(a, c.runDate), 0),
    ...(x.marginCents !== undefined ? { marginCents: x.marginCents } : {}),
    ...(x.opportunities ? { opportunities: x.opportunities } : {}),
  };
}

function devicesOf(devices: Device[], runDate: string): QbrPack['devices'] {
  const classes = new Map<DeviceClass, number>();
  for (const d of devices) classes.set(d.deviceClass, (classes.get(d.deviceClass) ?? 0) + 1);
  const buckets = { 'under-1y': 0, '1-3y': 0, '3y-plus': 0, unknown: 0 };
  for (const d of devices) {
    const days = d.firstSeenOn ? daysBetween(d.firstSeenOn, runDate) : null;
    buckets[days === null ? 'unknown' : days < 365 ? 'under-1y' : days < 3 * 365 ? '1-3y' : '3y-plus']++;
  }
  return {
    total: devices.length,
    byClass: [...classes].map(([deviceClass, count]) => ({ deviceClass, count })).sort((a, b) => b.count - a.count || a.deviceClass.localeCompare(b.deviceClass)),
    byAge: Object.entries(buckets).map(([bucket, count]) => ({ bucket: bucket as keyof typeof buckets, count })),
  };
}

function ticketsIn(tickets: Ticket[], quarter: QbrPack['quarter']): QbrPack['tickets'] {
  const within = (at: string | null) => at !== null && at.slice(0, 10) >= quarter.from && at.slice(0, 10) <= quarter.to;
  const opened = tickets.filter((t) => within(t.openedAt));
  const count = (field: 'slaBreached' | 'reopened') => (opened.some((t) => t[field] !== null) ? opened.filter((t) => t[field] === true).length : null);
  return {
    opened: opened.length,
    closed: tickets.filter((t) => t.closed && within(t.closedAt)).length,
    open: tickets.filter((t) => !t.closed).length,
    slaBreached: count('slaBreached'),
    reopened: count('reopened'),
  };
}

function nextRenewal(active: Agreement[], runDate: string, anniversaryForEvergreen: boolean): QbrPack['renewal'] {
  const rules = { windowStartDays: 0, windowEndDays: 0, anniversaryForEvergreen };
  const ends = active
    .map((a) => ({ a, end: termEnd(a, runDate, rules) }))
    .filter((x): x is { a: Agreement; end: string } => x.end !== null && x.end >= runDate)
    .sort((x, y) => x.end.localeCompare(y.end));
  const first = ends[0];
  return first ? { agreementName: first.a.name, endDate: first.end, daysLeft: daysBetween(runDate, first.end) } : null;
}

/** Days a pack is kept: longer than the longest QBR link lives (config qbr.linkTtlDays, at most 120). */
export const QBR_KEEP_DAYS = 130;
