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
  suppressions: 'SUPPRESSIONS',
  firstSeen: 'FIRSTSEEN#*',
  part: 'PART#*',
  rate: 'RATE#*',
} as const;

export interface TableAccess {
  read: readonly string[];
  write: readonly string[];
  /** Query gsi1: proposals (gsi1pk TRUEUPS) by date. */
  index: boolean;
}

const { run, snapshot, findings, proposal, renewal, mail, audit, history, trend, matches, suppressions, firstSeen, part, rate } = ITEMS;

/**
 * What each function's use case in shared/ reads and writes, and nothing else. Conditional
 * writes (put-once, compare-and-set) need only the write action. A new store call in a use case
 * needs a line here, or it is refused in AWS.
 */
export const TABLE_ACCESS: Record<FunctionName, TableAccess> = {
  // putManifest, putSnapshot; withFirstSeen (read and rewrite FIRSTSEEN#); the partitioned collect: getManifest of
  // earlier nights (list sizes for the plan), the pieces and checkpoints under PART#, and the source's token bucket (RATE#, UpdateItem only).
  collect: { read: [run, firstSeen, part], write: [run, snapshot, firstSeen, part, rate], index: false },
  // getManifest (tonight's and the completeness guard's earlier nights), getSnapshot, loadLedger, listNightCounts, listClientCounts; claim/complete/putRunRecord on RUN#,
  // saveLedgerEntries, createProposal, recordRenewalAlert, putNightTotals, putClientCounts,
  // putNightOutbox on RUN#; recoverWriteBacks: getProposals, transitionProposal, appendAudit;
  // listPairs (match decisions), recordSuggestions, recordOpenMembers; listSuppressions (written-off lines).
  reconcile: { read: [run, snapshot, findings, trend, proposal, matches, suppressions], write: [run, findings, proposal, renewal, history, trend, audit, matches], index: false },
  // getNightOutbox, then getProposals and getRenewalAlerts by key (no index: it lags writes),
  // loadLedger, mailSent; recordMailSent, markRenewalSent.
  notify: { read: [run, proposal, renewal, findings, mail], write: [mail, renewal], index: false },
  // getManifest (staleness), getRunRecord (data quality), loadLedger, listNightTotals, listAudit, mailSent, getProposals
  // (unfinished write-backs), listPairs and listOpenMembers (suggested and unmatched clients), listSuppressions (written off);
  // recordMailSent. No snapshot bodies.
  digest: { read: [run, findings, history, audit, mail, proposal, matches, suppressions], write: [mail], index: false },
  // getProposal and listProposals (index), proposalsMailed (what a batch link's email listed);
  // transitionProposal, setLedgerStatus, appendAudit; getPair and decidePair (match links);
  // putSuppression (a rejection's reason), getSuppression and revokeSuppression (revoke links).
  approval: { read: [proposal, mail, matches, suppressions], write: [proposal, findings, audit, matches, suppressions], index: true },
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
