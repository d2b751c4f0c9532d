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

const { run, snapshot, firstSeen, findings, proposal, renewal, mail, audit, history, trend, matches, suppressions, labor, health, qbr, mrr, part, rate } = ITEMS;

/**
 * What each function's use case in shared/ reads and writes, and nothing else. Conditional
 * writes (put-once, compare-and-set) need only the write action. A new store call in a use case
 * needs a line here, or it is refused in AWS.
 */
export const TABLE_ACCESS: Record<FunctionName, TableAccess> = {
  // putManifest, putSnapshot; withFirstSeen (read and rewrite FIRSTSEEN#); a labor pull reads the last work set (listManifests,
  // getSnapshot of an earlier night); the partitioned collect: getManifest of earlier nights (list sizes for the plan), the pieces
  // and checkpoints under PART#, and the source's token bucket (RATE#, UpdateItem only).
  collect: { read: [run, snapshot, firstSeen, part], write: [run, snapshot, firstSeen, part, rate], index: false },
  // getManifest (tonight's and the completeness guard's earlier nights), getSnapshot, loadLedger, listNightCounts, listClientCounts; claim/complete/putRunRecord on RUN#,
  // saveLedgerEntries, createProposal, recordRenewalAlert, putNightTotals, putClientCounts,
  // putNightOutbox on RUN#; recoverWriteBacks: getProposals, transitionProposal, appendAudit;
  // listPairs (match decisions), recordSuggestions, recordOpenMembers; listSuppressions (written-off lines).
  // loadLaborLedger, saveLaborEntries (labor leakage); listHealthHistory, putHealthScores (client health per night), putQbrPacks; putMrrNight (the night's MRR).
  reconcile: { read: [run, snapshot, findings, trend, proposal, matches, suppressions, labor, health], write: [run, findings, proposal, renewal, history, trend, audit, matches, labor, health, qbr, mrr], index: false },
  // getNightOutbox, then getProposals and getRenewalAlerts by key (no index: it lags writes),
  // loadLedger, mailSent; recordMailSent, markRenewalSent.
  // loadLaborLedger (finance's weekly labor review list).
  notify: { read: [run, proposal, renewal, findings, mail, labor], write: [mail, renewal], index: false },
  // getManifest (staleness), getRunRecord (data quality), loadLedger, listNightTotals, listAudit, mailSent, getProposals
  // (unfinished write-backs), listPairs and listOpenMembers (suggested and unmatched clients), listSuppressions (written off);
  // recordMailSent. No snapshot bodies.
  // loadLaborLedger (the Labor leakage section); loadMonthNights (the month's revenue, in a month's first digest).
  digest: { read: [run, findings, history, audit, mail, proposal, matches, suppressions, labor, mrr], write: [mail], index: false },
  // getProposal and listProposals (index), proposalsMailed (what a batch link's email listed);
  // transitionProposal, setLedgerStatus, appendAudit; getPair and decidePair (match links);
  // putSuppression (a rejection's reason), getSuppression and revokeSuppression (revoke links); getQbrPack (read-only QBR links).
  // getLaborEntry, decideLaborEntry, reopenLaborEntry (labor links: Bill it, Covered).
  approval: { read: [proposal, mail, matches, suppressions, labor, qbr], write: [proposal, findings, audit, matches, suppressions, labor], index: true },
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
