import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LedgerEntry, entryKey } from '../domain/ledger';
import { isConditionFailure, putAll, queryAll, type Table } from './table';

/** The findings ledger lives in one partition: a few thousand entries even for a large MSP. */
const PK = 'FINDINGS';

export async function loadLedger(table: Table): Promise<LedgerEntry[]> {
  // Strongly consistent: notify and the next stage read what the one before has just written.
  const items = await queryAll<Record<string, unknown>>(table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK }, ConsistentRead: true });
  return items.map(({ pk: _pk, sk: _sk, ...rest }) => LedgerEntry.parse(rest));
}

/** Writes only the entries a merge changed, so re-running a night writes nothing. */
export async function saveLedgerEntries(table: Table, entries: readonly LedgerEntry[]): Promise<void> {
  await putAll(table, entries.map((e) => ({ pk: PK, sk: entryKey(e), ...e })));
}

/**
 * Sets one entry's status after a decision (approved, applied, dismissed, open again after a
 * conflict). Conditional on the entry still pointing at the same proposal, so a decision on an
 * old proposal cannot overwrite a newer night's state.
 */
export async function setLedgerStatus(
  table: Table,
  key: Pick<LedgerEntry, 'clientKey' | 'lineKey'>,
  proposalId: string,
  status: LedgerEntry['status'],
): Promise<boolean> {
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { pk: PK, sk: entryKey(key) },
        UpdateExpression: 'SET #status = :status, proposalId = :next',
        ConditionExpression: 'proposalId = :id',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':id': proposalId, ':next': status === 'open' ? null : proposalId },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
