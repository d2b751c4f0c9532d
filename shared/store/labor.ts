import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LaborLedgerEntry, type LaborDecision } from '../domain/labor/ledger';
import { KEYS } from './keys';
import { isConditionFailure, putAll, queryAll, type Table } from './table';

/** The labor ledger (shared/domain/labor/ledger.ts): one partition, one item per finding key. */
const LABOR_PK = KEYS.labor.pk();

export async function loadLaborLedger(table: Table): Promise<LaborLedgerEntry[]> {
  const items = await queryAll<Record<string, unknown>>(table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': LABOR_PK }, ConsistentRead: true });
  return items.map(({ pk: _pk, sk: _sk, ...rest }) => LaborLedgerEntry.parse(rest));
}

export async function saveLaborEntries(table: Table, entries: readonly LaborLedgerEntry[]): Promise<void> {
  await putAll(table, entries.map((e) => ({ pk: LABOR_PK, sk: e.key, ...e })));
}

export async function getLaborEntry(table: Table, key: string): Promise<LaborLedgerEntry | null> {
  const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: { pk: LABOR_PK, sk: key }, ConsistentRead: true }));
  if (!out.Item) return null;
  const { pk: _pk, sk: _sk, ...rest } = out.Item;
  return LaborLedgerEntry.parse(rest);
}

/** One conditional update of a labor entry: false when its condition failed (decided, replaced or gone meanwhile). */
async function updateIf(table: Table, key: string, update: string, condition: string, names: Record<string, string>, values: Record<string, unknown>): Promise<boolean> {
  try {
    await table.doc.send(
      new UpdateCommand({ TableName: table.name, Key: { pk: LABOR_PK, sk: key }, UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/**
 * open -> billed or covered, once: the conditional write is what makes a link single-use (a
 * replayed or second click finds the entry decided). It also names the night the link was made
 * for, so a link from an older email cannot decide a finding seen again since it reopened.
 */
export function decideLaborEntry(table: Table, key: string, firstSeen: string, status: 'billed' | 'covered', decision: LaborDecision): Promise<boolean> {
  return updateIf(table, key, 'SET #status = :status, decision = :decision', '#status = :open AND firstSeen = :firstSeen', { '#status': 'status' }, {
    ':status': status,
    ':decision': decision,
    ':open': 'open',
    ':firstSeen': firstSeen,
  });
}

/** billed -> open again when the PSA write did not happen (a conflict, an error): only the decision this request made. */
export async function reopenLaborEntry(table: Table, key: string, decidedAt: string): Promise<void> {
  await updateIf(table, key, 'SET #status = :open, decision = :none', '#status = :billed AND decision.#at = :at', { '#status': 'status', '#at': 'at' }, { ':open': 'open', ':none': null, ':billed': 'billed', ':at': decidedAt });
}

/** What the PSA said after "Bill it" ("on the next invoice ..."), on the decision this request made. */
export async function setLaborOutcome(table: Table, key: string, decidedAt: string, outcome: string): Promise<void> {
  await updateIf(table, key, 'SET decision.outcome = :outcome', 'decision.#at = :at', { '#at': 'at' }, { ':outcome': outcome, ':at': decidedAt });
}
