import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { MatchDecision } from '../domain/matching';
import { isConditionFailure, putAll, queryAll, type Table } from './table';

/**
 * Client-matching items, all in one small partition (`MATCHES`): one per suggested pair
 * (`PAIR#<member key>|<psa key>`), holding the latest suggestion and, once a person answers its
 * link, the decision; and one per unmatched organization (`OPEN#<member key>`) with its nearest
 * candidates, for the digest. A decision is written once: suggested -> same / not-same.
 */

export const MATCHES_PK = 'MATCHES';

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

/** Files a night's suggestions; a pair already decided keeps its decision (only the evidence is refreshed). */
export async function recordSuggestions(table: Table, pairs: Array<Omit<MatchPair, 'status' | 'decidedBy' | 'decidedAt'>>): Promise<void> {
  const upsert = (p: (typeof pairs)[number]) => {
    const fields = Object.entries(p);
    return table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { pk: MATCHES_PK, sk: pairSk(p.memberKey, p.psaKey) },
        UpdateExpression: `SET ${fields.map(([k]) => `#${k} = :${k}`).join(', ')}, #status = if_not_exists(#status, :suggested)`,
        ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(fields.map(([k]) => [`#${k}`, k])) },
        ExpressionAttributeValues: { ':suggested': 'suggested', ...Object.fromEntries(fields.map(([k, v]) => [`:${k}`, v])) },
      }),
    );
  };
  // A few at a time: BatchWrite cannot keep an existing decision, and one by one is slow at scale.
  for (let i = 0; i < pairs.length; i += UPSERTS_AT_ONCE) await Promise.all(pairs.slice(i, i + UPSERTS_AT_ONCE).map(upsert));
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
  return out.Item ? MatchPair.parse(out.Item) : null;
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
  const items = await queryAll<Record<string, unknown>>(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':pk': MATCHES_PK, ':s': 'PAIR#' },
  });
  return items.map((i) => MatchPair.parse(i));
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
