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
  matches: 'MATCHES',
} as const;

export interface TableAccess {
  read: readonly string[];
  write: readonly string[];
  /** Query gsi1: proposals (gsi1pk TRUEUPS) and renewal alerts (RENEWALS) by date. */
  index: boolean;
}

const { run, snapshot, findings, proposal, renewal, mail, audit, history, trend, matches } = ITEMS;

/**
 * What each function's use case in shared/ reads and writes, and nothing else. Conditional
 * writes (put-once, compare-and-set) need only the write action. A new store call in a use case
 * needs a line here, or it is refused in AWS.
 */
export const TABLE_ACCESS: Record<FunctionName, TableAccess> = {
  // putManifest, putSnapshot.
  collect: { read: [], write: [run, snapshot], index: false },
  // getManifest, getSnapshot, loadLedger, listClientCounts; claim/complete/putRunRecord on RUN#,
  // saveLedgerEntries, createProposal, recordRenewalAlert, putNightTotals, putClientCounts;
  // listPairs (match decisions), recordSuggestions, recordOpenMembers.
  reconcile: { read: [run, snapshot, findings, trend, matches], write: [run, findings, proposal, renewal, history, trend, matches], index: false },
  // listRenewalAlerts and listProposals (index), loadLedger, mailSent; recordMailSent, markRenewalSent.
  notify: { read: [findings, mail], write: [mail, renewal], index: true },
  // getManifest (staleness), loadLedger, listNightTotals, listAudit, mailSent, listPairs and
  // listOpenMembers (suggested and unmatched clients); recordMailSent. No snapshot bodies.
  digest: { read: [run, findings, history, audit, mail, matches], write: [mail], index: false },
  // getProposal and listProposals (index); transitionProposal, setLedgerStatus, appendAudit;
  // getPair and decidePair (match links).
  approval: { read: [proposal, matches], write: [proposal, findings, audit, matches], index: true },
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
