import { putAll, queryAll, type Table } from './table';
import { KEYS } from './keys';

/**
 * What reconcile left for notify to send: the night's proposal ids and renewal alert keys, in
 * the run's partition. Notify reads this list and then each item by primary key, all strongly
 * consistent, instead of querying gsi1 right after the writes: a GSI is eventually consistent,
 * so a query there could miss a proposal, and a missed one was never emailed.
 */

export interface RenewalRef {
  agreementKey: string;
  endDate: string;
}

export interface NightOutbox {
  proposalIds: string[];
  renewals: RenewalRef[];
}

/** Entries per item: 1,000 renewal keys of about 80 bytes stay far below 400 KB. */
const PER_ITEM = 1_000;

/** `claim` names this reconcile of the night, so a later re-run adds its list beside this one. */
export async function putNightOutbox(table: Table, runDate: string, claim: string, outbox: NightOutbox): Promise<void> {
  const count = Math.max(1, Math.ceil(outbox.proposalIds.length / PER_ITEM), Math.ceil(outbox.renewals.length / PER_ITEM));
  const items = Array.from({ length: count }, (_, n) => ({
    pk: KEYS.run.pk(runDate),
    sk: `NOTIFY#${claim}#${String(n).padStart(4, '0')}`,
    proposalIds: outbox.proposalIds.slice(n * PER_ITEM, (n + 1) * PER_ITEM),
    renewals: outbox.renewals.slice(n * PER_ITEM, (n + 1) * PER_ITEM),
  }));
  await putAll(table, items);
}

/** Empty when the night has not been reconciled; every reconcile's list of the night, merged. */
export async function getNightOutbox(table: Table, runDate: string): Promise<NightOutbox> {
  const items = await queryAll<NightOutbox>(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':pk': KEYS.run.pk(runDate), ':s': 'NOTIFY#' },
    ConsistentRead: true,
  });
  const renewals = new Map(items.flatMap((i) => i.renewals).map((r) => [`${r.agreementKey}#${r.endDate}`, { agreementKey: r.agreementKey, endDate: r.endDate }]));
  return { proposalIds: [...new Set(items.flatMap((i) => i.proposalIds))], renewals: [...renewals.values()] };
}
