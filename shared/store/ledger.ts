import { LedgerEntry, entryKey } from '../domain/ledger';
import { putAll, queryAll, type Table } from './table';

/** The findings ledger lives in one partition: a few thousand entries even for a large MSP. */
const PK = 'FINDINGS';

export async function loadLedger(table: Table): Promise<LedgerEntry[]> {
  const items = await queryAll<Record<string, unknown>>(table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK } });
  return items.map(({ pk: _pk, sk: _sk, ...rest }) => LedgerEntry.parse(rest));
}

/** Writes only the entries a merge changed, so re-running a night writes nothing. */
export async function saveLedgerEntries(table: Table, entries: readonly LedgerEntry[]): Promise<void> {
  await putAll(table, entries.map((e) => ({ pk: PK, sk: entryKey(e), ...e })));
}
