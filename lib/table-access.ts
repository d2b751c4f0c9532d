import type { FunctionName } from './config';

/** Partition-key patterns (IAM StringLike) of the item families in the one table; see shared/store/. */
export const ITEMS = {
  run: 'RUN#*',
  snapshot: 'SNAP#*',
  findings: 'FINDINGS',
  proposal: 'TRUEUP#*',
  renewal: 'RENEWAL#*',
  mail: 'MAIL#*',
  audit: 'AUDIT#*',
  history: 'LEDGER-HISTORY',
  trend: 'TREND#*',
} as const;

export interface TableAccess {
  read: readonly string[];
  write: readonly string[];
  /** Query gsi1 (proposals by date). */
  index: boolean;
}

const { run, snapshot, findings, proposal, renewal, mail, audit, history, trend } = ITEMS;

/** What each function's job touches, and nothing else. */
export const TABLE_ACCESS: Record<FunctionName, TableAccess> = {
  collect: { read: [], write: [run, snapshot], index: false },
  // Writes RUN# too: the RECONCILED marker that makes a second trigger of the same night a no-op.
  reconcile: {
    read: [run, snapshot, findings, proposal, renewal, history, trend],
    write: [run, findings, proposal, renewal, history, trend],
    index: true,
  },
  // Reads MAIL# to skip what was already sent this period; TREND# for the renewal seat trend.
  notify: { read: [findings, proposal, renewal, snapshot, run, mail, trend], write: [mail, renewal, proposal], index: true },
  // Everything but snapshot bodies: staleness comes from the run manifests.
  digest: { read: [run, findings, proposal, renewal, mail, audit, history, trend], write: [mail], index: true },
  approval: { read: [proposal, findings, audit], write: [proposal, findings, audit], index: false },
};

// No Scan: a Scan carries no partition key, and ForAllValues conditions pass on an absent key.
export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
export const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** The IAM condition that limits an item action to partition keys matching the patterns. */
export function leadingKeysCondition(patterns: readonly string[]): Record<string, Record<string, unknown>> {
  return {
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...patterns] },
    // Belt and braces for the rule above: refuse any request that carries no partition key.
    Null: { 'dynamodb:LeadingKeys': 'false' },
  };
}
