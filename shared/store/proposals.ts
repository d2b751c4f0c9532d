import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Proposal, type ProposalStatus } from '../domain/trueups';
import { getAll, isConditionFailure, queryAll, type Table } from './table';
import { KEYS } from './keys';

/**
 * True-up proposals. Creation and every decision are conditional writes: a proposal is created
 * once, and moves PENDING -> APPROVED/REJECTED exactly once however many times a link is used.
 */

const key = (id: string) => ({ pk: KEYS.proposal.pk(id), sk: 'PROPOSAL' });

/**
 * Creates a proposal once. When the id is taken, says how that proposal stands: still live (the
 * same gap, re-run the same night) or decided, in which case the caller proposes under a new id.
 * A decided proposal is never overwritten, so a link can only ever decide what its email showed.
 */
export async function createProposal(table: Table, p: Proposal): Promise<'created' | ProposalStatus> {
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...key(p.id), gsi1pk: 'TRUEUPS', gsi1sk: `${p.createdOn}#${p.id}`, ...p },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'created';
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const existing = await getProposal(table, p.id);
    if (!existing) throw new Error(`proposal ${p.id} exists and cannot be read`, { cause: err });
    return existing.status;
  }
}

export async function getProposal(table: Table, id: string): Promise<Proposal | null> {
  const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: key(id), ConsistentRead: true }));
  return out.Item ? Proposal.parse(out.Item) : null;
}

/** Proposals by id, strongly consistent: notify reads the ones reconcile has just written. */
export async function getProposals(table: Table, ids: readonly string[]): Promise<Proposal[]> {
  const items = await getAll<Record<string, unknown>>(table, ids.map(key));
  return items.map((i) => Proposal.parse(i));
}

/** One night's proposals through gsi1, which is eventually consistent: for links opened later, not for notify. */
export async function listProposals(table: Table, since: string): Promise<Proposal[]> {
  const items = await queryAll<Record<string, unknown>>(table, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :gsi1pk AND gsi1sk >= :since',
    ExpressionAttributeValues: { ':gsi1pk': 'TRUEUPS', ':since': since },
  });
  return items.map((i) => Proposal.parse(i));
}

/**
 * Moves a proposal from one status to another; false if it was not in `from` any more (a second
 * click, a concurrent decision). The condition is what makes each link single-use.
 */
export async function transitionProposal(
  table: Table,
  id: string,
  from: ProposalStatus,
  to: ProposalStatus,
  fields: Partial<Pick<Proposal, 'decidedAt' | 'decidedBy' | 'outcome' | 'rejectReason'>> = {},
): Promise<boolean> {
  const sets = Object.entries(fields).filter(([, v]) => v !== undefined);
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key(id),
        UpdateExpression: `SET #status = :to${sets.map(([k]) => `, #${k} = :${k}`).join('')}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(sets.map(([k]) => [`#${k}`, k])) },
        ExpressionAttributeValues: { ':to': to, ':from': from, ...Object.fromEntries(sets.map(([k, v]) => [`:${k}`, v])) },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
