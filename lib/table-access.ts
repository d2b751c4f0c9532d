import { KEYS, type KeyFamily } from '../shared/store/keys';
import type { FunctionName } from './config';

/** Partition-key patterns (IAM StringLike) of the item families in the one table, from the keys the store builds. */
export const ITEMS = Object.fromEntries(Object.entries(KEYS).map(([family, k]) => [family, k.pattern])) as Record<KeyFamily, string>;

export interface TableAccess {
  read: readonly string[];
  write: readonly string[];
  /** Query gsi1: proposals (gsi1pk TRUEUPS) by date. */
  index: boolean;
}

const { run, snapshot, firstSeen, findings, proposal, renewal, mail, audit, history, trend, matches, suppressions, mrr } = ITEMS;

/**
 * What each function's use case in shared/ reads and writes, and nothing else. Conditional
 * writes (put-once, compare-and-set) need only the write action. A new store call in a use case
 * needs a line here, or it is refused in AWS.
 */
export const TABLE_ACCESS: Record<FunctionName, TableAccess> = {
  // putManifest, putSnapshot; withFirstSeen reads and rewrites the first night each device was stored.
  collect: { read: [firstSeen], write: [run, snapshot, firstSeen], index: false },
  // getManifest (tonight's and the completeness guard's earlier nights), getSnapshot, loadLedger, listNightCounts, listClientCounts; claim/complete/putRunRecord on RUN#,
  // saveLedgerEntries, createProposal, recordRenewalAlert, putNightTotals, putClientCounts,
  // putNightOutbox on RUN#; recoverWriteBacks: getProposals, transitionProposal, appendAudit;
  // listPairs (match decisions), recordSuggestions, recordOpenMembers; listSuppressions (written-off lines); putMrrNight.
  reconcile: { read: [run, snapshot, findings, trend, proposal, matches, suppressions], write: [run, findings, proposal, renewal, history, trend, audit, matches, mrr], index: false },
  // getNightOutbox, then getProposals and getRenewalAlerts by key (no index: it lags writes),
  // loadLedger, mailSent; recordMailSent, markRenewalSent.
  notify: { read: [run, proposal, renewal, findings, mail], write: [mail, renewal], index: false },
  // getManifest (staleness), getRunRecord (data quality), loadLedger, listNightTotals, listAudit, mailSent, getProposals
  // (unfinished write-backs), listPairs and listOpenMembers (suggested and unmatched clients), listSuppressions (written off);
  // loadMonthNights (the month's revenue, in a month's first digest); recordMailSent. No snapshot bodies.
  digest: { read: [run, findings, history, audit, mail, proposal, matches, suppressions, mrr], write: [mail], index: false },
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
