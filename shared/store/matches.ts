import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { MatchDecision } from '../domain/matching';
import { isConditionFailure, putAll, queryAll, type Table } from './table';
import { KEYS } from './keys';

/**
 * Client-matching items, all in one small partition (`MATCHES`): one per suggested pair
 * (`PAIR#<member key>|<psa key>`), holding the latest suggestion and, once a person answers its
 * link, the decision; and one per unmatched organization (`OPEN#<member key>`) with its nearest
 * candidates, for the digest. A decision is written once: suggested -> same / not-same.
 */

export const MATCHES_PK = KEYS.matches.pk();

export const PairStatus = z.enum(['suggested', 'same', 'not-same']);
export type PairStatus = z.infer<typeof PairStatus>;

export const MatchPair = z.object({
  memberKey: z.string(),
  memberName: z.string(),
  memberSourceId: z.string(),
  psaKey: z.string(),
  psaName: z.string(),
  psaSourceId: z.string(),
  score: z.number(),
  reason: z.string(),
  /** The newest night that suggested it. */
  suggestedOn: z.string(),
  status: PairStatus,
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
});
export type MatchPair = z.infer<typeof MatchPair>;

export const OpenMember = z.object({
  memberKey: z.string(),
  memberName: z.string(),
  memberSourceId: z.string(),
  reason: z.string(),
  candidates: z.array(z.object({ psaKey: z.string(), psaSourceId: z.string(), psaName: z.string(), score: z.number(), reason: z.string() })),
  seenOn: z.string(),
});
export type OpenMember = z.infer<typeof OpenMember>;

const pairSk = (memberKey: string, psaKey: string) => `PAIR#${memberKey}|${psaKey}`;

/** The newest night that filed suggestions, beside the pairs: a pair stored without `suggestedOn` was suggested that night. */
const NIGHT_SK = 'NIGHT#PAIRS';

export type NewPair = Omit<MatchPair, 'status' | 'decidedBy' | 'decidedAt'>;

/** Every pair as stored, with the pairs night: what recordSuggestions compares tonight's against. */
export interface PairState {
  night: string | null;
  pairs: MatchPair[];
  /** Keys (`<member>|<psa>`) of pairs stored without `suggestedOn`, read as the pairs night. */
  implicit: Set<string>;
}

const pairKey = (p: Pick<MatchPair, 'memberKey' | 'psaKey'>) => `${p.memberKey}|${p.psaKey}`;
/** What a night's suggestion sets besides the date; a pair differing in none of these is not rewritten. */
const EVIDENCE = ['memberName', 'memberSourceId', 'psaName', 'psaSourceId', 'score', 'reason'] as const;

export async function loadPairs(table: Table): Promise<PairState> {
  const night = await pairsNight(table);
  const items = await queryAll<Record<string, unknown>>(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':pk': MATCHES_PK, ':s': 'PAIR#' },
    ConsistentRead: true,
  });
  const implicit = new Set<string>();
  const pairs = items.map((i) => {
    const pair = MatchPair.parse({ suggestedOn: night ?? undefined, ...i });
    if (i.suggestedOn === undefined) implicit.add(pairKey(pair));
    return pair;
  });
  return { night, pairs, implicit };
}

async function pairsNight(table: Table): Promise<string | null> {
  const head = await table.doc.send(new GetCommand({ TableName: table.name, Key: { pk: MATCHES_PK, sk: NIGHT_SK }, ConsistentRead: true }));
  return typeof head.Item?.night === 'string' ? head.Item.night : null;
}

/**
 * Files a night's suggestions; a pair already decided keeps its decision (only the evidence is
 * refreshed). Writes only what changed, like the ledger: a pair suggested again with the same
 * evidence is stored without `suggestedOn` and read as the pairs night, so a steady night writes
 * the night item alone. A pair left out tonight that read as the old night gets that date written
 * before the night moves. Pairs go first: a night lost between leaves them reading as the night
 * before until it is run again.
 */
export async function recordSuggestions(table: Table, pairs: NewPair[], night: string, stored?: PairState): Promise<void> {
  const state = stored ?? (await loadPairs(table));
  const before = new Map(state.pairs.map((p) => [pairKey(p), p]));
  const tonight = new Set(pairs.map(pairKey));
  const changed = pairs.filter((p) => {
    const old = before.get(pairKey(p));
    return !old || !state.implicit.has(pairKey(p)) || p.suggestedOn !== night || EVIDENCE.some((k) => old[k] !== p[k]);
  });
  const dated = state.night === null || state.night === night ? [] : state.pairs.filter((p) => state.implicit.has(pairKey(p)) && !tonight.has(pairKey(p)));
  await inBatches(changed, (p) => upsertPair(table, p, night));
  await inBatches(dated, (p) => setSuggestedOn(table, p, state.night!));
  if (state.night !== night) await putAll(table, [{ pk: MATCHES_PK, sk: NIGHT_SK, night }]);
}

function upsertPair(table: Table, p: NewPair, night: string) {
  // Suggested tonight: the date is the night item's.
  const fields = Object.entries(p).filter(([k]) => k !== 'suggestedOn' || p.suggestedOn !== night);
  const keep = fields.some(([k]) => k === 'suggestedOn') ? '' : ' REMOVE #suggestedOn';
  return table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: { pk: MATCHES_PK, sk: pairSk(p.memberKey, p.psaKey) },
      UpdateExpression: `SET ${fields.map(([k]) => `#${k} = :${k}`).join(', ')}, #status = if_not_exists(#status, :suggested)${keep}`,
      ExpressionAttributeNames: { '#status': 'status', ...(keep ? { '#suggestedOn': 'suggestedOn' } : {}), ...Object.fromEntries(fields.map(([k]) => [`#${k}`, k])) },
      ExpressionAttributeValues: { ':suggested': 'suggested', ...Object.fromEntries(fields.map(([k, v]) => [`:${k}`, v])) },
    }),
  );
}

function setSuggestedOn(table: Table, p: MatchPair, on: string) {
  return table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: { pk: MATCHES_PK, sk: pairSk(p.memberKey, p.psaKey) },
      UpdateExpression: 'SET suggestedOn = :on',
      ExpressionAttributeValues: { ':on': on },
    }),
  );
}

/** A few at a time: BatchWrite cannot keep an existing decision, and one by one is slow at scale. */
async function inBatches<T>(items: T[], send: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += UPSERTS_AT_ONCE) await Promise.all(items.slice(i, i + UPSERTS_AT_ONCE).map(send));
}

const UPSERTS_AT_ONCE = 10;

/** An organization matched since stops being listed (the digest reads one night), and its item expires (TTL). */
const OPEN_TTL_DAYS = 30;

export async function recordOpenMembers(table: Table, open: OpenMember[]): Promise<void> {
  const expiresAt = (o: OpenMember) => Math.floor(Date.parse(`${o.seenOn}T00:00:00Z`) / 1000) + OPEN_TTL_DAYS * 86_400;
  await putAll(table, open.map((o) => ({ pk: MATCHES_PK, sk: `OPEN#${o.memberKey}`, ...o, expiresAt: expiresAt(o) })));
}

export async function getPair(table: Table, memberKey: string, psaKey: string): Promise<MatchPair | null> {
  const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: { pk: MATCHES_PK, sk: pairSk(memberKey, psaKey) } }));
  if (!out.Item) return null;
  if (out.Item.suggestedOn !== undefined) return MatchPair.parse(out.Item);
  return MatchPair.parse({ suggestedOn: await pairsNight(table), ...out.Item });
}

/** suggested -> same / not-same, once: false when the pair was decided already (a second click). */
export async function decidePair(table: Table, memberKey: string, psaKey: string, status: Exclude<PairStatus, 'suggested'>, decidedBy: string, decidedAt: string): Promise<boolean> {
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { pk: MATCHES_PK, sk: pairSk(memberKey, psaKey) },
        UpdateExpression: 'SET #status = :to, decidedBy = :by, decidedAt = :at',
        ConditionExpression: '#status = :suggested',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': status, ':suggested': 'suggested', ':by': decidedBy, ':at': decidedAt },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

export async function listPairs(table: Table): Promise<MatchPair[]> {
  return (await loadPairs(table)).pairs;
}

export async function listOpenMembers(table: Table, seenOn: string): Promise<OpenMember[]> {
  const items = await queryAll<Record<string, unknown>>(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':pk': MATCHES_PK, ':s': 'OPEN#' },
  });
  return items.map((i) => OpenMember.parse(i)).filter((o) => o.seenOn === seenOn);
}

/** The decided pairs, as the matcher takes them. */
export function decisionsOf(pairs: MatchPair[]): MatchDecision[] {
  return pairs.flatMap((p) =>
    p.status === 'suggested' ? [] : [{ memberKey: p.memberKey, psaKey: p.psaKey, same: p.status === 'same', decidedBy: p.decidedBy ?? 'unknown', decidedAt: p.decidedAt ?? '' }],
  );
}
