import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LedgerEntry, entryKey, storedEntry } from '../domain/ledger';
import { isConditionFailure, putAll, queryAll, type Table } from './table';
import { KEYS } from './keys';

/** The findings ledger lives in one partition: a few thousand entries even for a large MSP. */
const PK = KEYS.findings.pk();
/** The ledger's latest merged night, beside the entries ('#' sorts before any client key). */
const NIGHT_SK = '#NIGHT';

export async function loadLedger(table: Table): Promise<LedgerEntry[]> {
  return (await loadLedgerState(table)).entries;
}

/** The entries, and the night entries without a lastSeen were last seen (see storedEntry). */
export async function loadLedgerState(table: Table): Promise<{ night: string | null; entries: LedgerEntry[] }> {
  // Strongly consistent: notify and the next stage read what the one before has just written.
  const items = await queryAll<Record<string, unknown>>(table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK }, ConsistentRead: true });
  const head = items.find((i) => i.sk === NIGHT_SK);
  const night = typeof head?.night === 'string' ? head.night : null;
  const entries = items.filter((i) => i !== head).map(({ pk: _pk, sk: _sk, ...rest }) => LedgerEntry.parse({ lastSeen: night ?? undefined, ...rest }));
  return { night, entries };
}

/**
 * Writes only the entries a merge changed, so re-running a night writes nothing. With the
 * ledger's night (after the merge), an entry last seen that night is stored without lastSeen:
 * a gap seen night after night is not rewritten (null: every lastSeen is written, as before there
 * was a night). Entries go first: a night lost between the two
 * writes leaves those entries reading as seen the night before, until the night is run again.
 */
export async function saveLedgerEntries(table: Table, entries: readonly LedgerEntry[], night: string | null): Promise<void> {
  await putAll(table, entries.map((e) => ({ pk: PK, sk: entryKey(e), ...storedEntry(e, night) })));
}

export async function putLedgerNight(table: Table, night: string): Promise<void> {
  await putAll(table, [{ pk: PK, sk: NIGHT_SK, night }]);
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
