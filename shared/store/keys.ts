/**
 * The partition keys of the one table, by item family: the only place a key prefix is spelled.
 * The store modules build keys with `pk`; lib/table-access.ts grants each function IAM access to
 * the families it uses by their `pattern` (dynamodb:LeadingKeys, StringLike), so a new family or a
 * renamed prefix cannot drift between the code and what AWS allows. Sort keys stay in the module
 * that owns the family: IAM does not see them.
 *
 * To add a family: a line here, then the functions that touch it in lib/table-access.ts, and
 * its reads and writes in test/infra/permissions.test.ts.
 */

interface Family<A extends unknown[]> {
  /** The partition key of one item group. */
  pk: (...args: A) => string;
  /** The IAM StringLike pattern matching every key `pk` builds. */
  pattern: string;
}

const prefixed = <A extends unknown[]>(prefix: string, rest: (...args: A) => string): Family<A> => ({ pk: (...args) => `${prefix}${rest(...args)}`, pattern: `${prefix}*` });
const fixed = (pk: string): Family<[]> => ({ pk: () => pk, pattern: pk });

export const KEYS = {
  /** A night's manifest, claims, run record and notify outbox. */
  run: prefixed('RUN#', (runDate: string) => runDate),
  /** One source's snapshot of one night. */
  snapshot: prefixed('SNAP#', (sourceId: string, runDate: string) => `${sourceId}#${runDate}`),
  /** The night each device of one RMM source was first stored. */
  firstSeen: prefixed('FIRSTSEEN#', (sourceId: string) => sourceId),
  /** The ledger. */
  findings: fixed('FINDINGS'),
  proposal: prefixed('TRUEUP#', (id: string) => id),
  /** One agreement's renewal alerts, one item per term. */
  renewal: prefixed('RENEWAL#', (agreementKey: string) => agreementKey),
  /** What was mailed, per kind and recipient. */
  mail: prefixed('MAIL#', (kind: string, recipient: string) => `${kind}#${recipient.toLowerCase()}`),
  /** The audit trail, per month (YYYY-MM). */
  audit: prefixed('AUDIT#', (month: string) => month),
  /** Nightly totals. */
  history: fixed('LEDGER-HISTORY'),
  /** Per-client counts for trends (a client key always has a colon), and the nightly counts under `TREND#NIGHT`. */
  trend: prefixed('TREND#', (clientKey: string) => clientKey),
  matches: fixed('MATCHES'),
  /** Written-off lines. */
  suppressions: fixed('SUPPRESSIONS'),
  /** The MRR picture, one item (or a few) per night. */
  mrr: fixed('MRR'),
  /** The labor ledger (labor leakage findings). */
  labor: fixed('LABOR'),
  /** One client's health score, one item per night. */
  health: prefixed('HEALTH#', (clientKey: string) => clientKey),
  /** One client's QBR pack, one item per night. */
  qbr: prefixed('QBR#', (clientKey: string) => clientKey),
  /** A partitioned collect's pieces and checkpoints, per source and night. */
  part: prefixed('PART#', (sourceId: string, runDate: string) => `${sourceId}#${runDate}`),
  /** One source's token bucket, shared by its partition workers. */
  rate: prefixed('RATE#', (sourceId: string) => sourceId),
} as const;

export type KeyFamily = keyof typeof KEYS;
