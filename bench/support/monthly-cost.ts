import { DEFAULT_FUNCTION_SETTINGS } from '../../lib/config';
import { isWrite } from './dynamo-meter';
import { cloudWatchMetrics } from './log-meter';
import type { Phase } from './night-phase';
import { PRICES as P } from './aws-prices';
import type { FunctionName } from './timed-runner';

/** One line of the monthly estimate: what is counted, how, at what price. */
export interface CostLine {
  item: string;
  quantity: string;
  unitPrice: string;
  usd: number;
}

export interface CostInputs {
  /** The first night, vendors paced (latency + rate limits): its collect durations are the real ones. */
  firstNight: Phase;
  /** The second night, vendors unpaced: a steady night's DynamoDB, events, logs and reconcile/notify work. */
  steadyNight: Phase;
  digest: Phase;
  sources: number;
  /**
   * Collect as projected for AWS (the scale benchmark, whose pulls ran time-scaled): each
   * source's billed worker-seconds and invocations a night, replacing firstNight's collects.
   */
  projectedCollect?: ProjectedCollect[];
  /** A night's Step Functions fan-out, for the sources too large for one invocation. */
  fanOut?: FanOutNight;
}

export interface ProjectedCollect {
  source: string;
  workerSeconds: number;
  /** Collect invocations a night: 1, or the plan step plus one per partition. */
  invocations: number;
}

export interface FanOutNight {
  /** State transitions of every source's execution in one night. */
  stateTransitions: number;
  /** Token-bucket writes (one conditional UpdateItem per request of a partitioned source). */
  bucketWrites: number;
}

const NIGHTS = 30;
const DIGESTS = 4;
/** [I] INIT time billed per cold start (since 2025-08-01); not measurable locally. */
const INIT_SECONDS = 1;
/** [I] Lambda's own JSON platform records per invocation (start, report), and CloudWatch's 26 bytes per event. */
const PLATFORM_BYTES_PER_INVOCATION = 700;
const EVENT_OVERHEAD_BYTES = 26;
/** DynamoDB bills 100 bytes of overhead per stored item. */
const ITEM_OVERHEAD_BYTES = 100;
/** Snapshot chunks expire after 120 days (shared/store/snapshots.ts). */
const SNAPSHOT_DAYS = 120;
/** deployment.logRetentionDays default (shared/config/schema.ts). */
const LOG_RETENTION_MONTHS = 3;
/**
 * Fixed by the stacks (lib/): alarms = the one dead-letter queue + approval errors + 2 email
 * (bounce, complaint) + night not completed + failed chat alert posts (config.alerts; absent
 * without chat channels); no customer-managed KMS key.
 */
const ALARMS = 6;
/** One secret holds every vendor credential (config/trueup.example.json), one the link-signing key. */
const SECRETS = 2;
/** [I] The fan-out's failed-executions alarm; what h-fanout builds may fold it into another. */
const FANOUT_ALARMS = 1;

const GB = 1024 ** 3;
const memGb = (fn: FunctionName) => DEFAULT_FUNCTION_SETTINGS[fn].memoryMb / 1024;
const gbSeconds = (p: Phase, keep: (fn: FunctionName) => boolean) =>
  p.invocations.filter((i) => keep(i.fn)).reduce((n, i) => n + (i.ms / 1000) * memGb(i.fn), 0);
const capacity = (p: Phase, writes: boolean) => [...p.dynamo.operations].filter(([op]) => isWrite(op) === writes).reduce((n, [, c]) => n + c.capacityUnits, 0);
const logBytes = (p: Phase) =>
  [...p.logs.byFunction.values()].reduce((n, c) => n + c.bytes + c.lines * EVENT_OVERHEAD_BYTES, 0) + p.invocations.length * PLATFORM_BYTES_PER_INVOCATION;
const sum = <T>(xs: Iterable<T>, f: (x: T) => number) => [...xs].reduce((n, x) => n + f(x), 0);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/** A month of 30 nights and 4 digests, priced line by line from what the phases counted. */
export function monthlyCost(c: CostInputs): CostLine[] {
  const { firstNight: n1, steadyNight: n2, digest: d } = c;
  const lines: CostLine[] = [];
  const line = (item: string, quantity: string, unitPrice: string, usd: number) => lines.push({ item, quantity, unitPrice, usd });

  const projected = c.projectedCollect;
  const nightInvocations = projected ? n2.invocations.filter((i) => i.fn !== 'collect').length + sum(projected, (p) => p.invocations) : n2.invocations.length;
  const invocations = NIGHTS * nightInvocations + DIGESTS * d.invocations.length;
  line('Lambda requests', `${NIGHTS} x ${nightInvocations} + ${DIGESTS} x ${d.invocations.length} = ${fmt(invocations)}`, `$${P.lambdaRequestPerMillion}/M`, (invocations / 1e6) * P.lambdaRequestPerMillion);

  const collectGbS = projected ? sum(projected, (p) => p.workerSeconds) * memGb('collect') : gbSeconds(n1, (fn) => fn === 'collect');
  const otherGbS = gbSeconds(n2, (fn) => fn !== 'collect');
  const digestGbS = gbSeconds(d, () => true);
  const gbS = NIGHTS * (collectGbS + otherGbS) + DIGESTS * digestGbS;
  line(
    'Lambda duration (arm64)',
    `${NIGHTS} x (${fmt(collectGbS, 1)} collect + ${fmt(otherGbS, 1)} other) + ${DIGESTS} x ${fmt(digestGbS, 2)} = ${fmt(gbS)} GB-s`,
    `$${P.lambdaGbSecondArm}/GB-s`,
    gbS * P.lambdaGbSecondArm,
  );
  // Cold starts a night: every collect (they start together), two reconciles (the night's events
  // queue behind one warm container; the deadline run comes hours later), one notify.
  const collectStarts = projected ? sum(projected, (p) => p.invocations) : c.sources;
  const coldGb = collectStarts * memGb('collect') + 2 * memGb('reconcile') + memGb('notify');
  const initGbS = INIT_SECONDS * (NIGHTS * coldGb + DIGESTS * memGb('digest'));
  line(
    `Lambda INIT (${INIT_SECONDS} s per cold start, assumed)`,
    `${NIGHTS} x (${collectStarts} collect + 2 reconcile + 1 notify) + ${DIGESTS} digest cold starts = ${fmt(initGbS)} GB-s`,
    `$${P.lambdaGbSecondArm}/GB-s`,
    initGbS * P.lambdaGbSecondArm,
  );

  const wru = NIGHTS * capacity(n2, true) + DIGESTS * capacity(d, true);
  line('DynamoDB writes (on-demand)', `${NIGHTS} x ${fmt(capacity(n2, true))} + ${DIGESTS} x ${fmt(capacity(d, true))} = ${fmt(wru)} WRU`, `$${P.dynamoWriteUnitPerMillion}/M`, (wru / 1e6) * P.dynamoWriteUnitPerMillion);
  const rru = NIGHTS * capacity(n2, false) + DIGESTS * capacity(d, false);
  line('DynamoDB reads (on-demand)', `${NIGHTS} x ${fmt(capacity(n2, false))} + ${DIGESTS} x ${fmt(capacity(d, false))} = ${fmt(rru)} RRU`, `$${P.dynamoReadUnitPerMillion}/M`, (rru / 1e6) * P.dynamoReadUnitPerMillion);

  const snap = n2.dynamo.written.get('SNAP') ?? { items: 0, bytes: 0 };
  const snapGb = (SNAPSHOT_DAYS * (snap.bytes + snap.items * ITEM_OVERHEAD_BYTES)) / GB;
  // Everything else (ledger, proposals, alerts, mail records) is rewritten in place: the first night's writes are its size.
  const rest = sum([...n1.dynamo.written].filter(([kind]) => kind !== 'SNAP'), ([, w]) => w.bytes + w.items * ITEM_OVERHEAD_BYTES) / GB;
  const tableGb = snapGb + rest;
  line('DynamoDB storage', `${SNAPSHOT_DAYS} nights x ${fmt(snap.bytes / 1e6, 1)} MB snapshots + ${fmt(rest * 1024, 1)} MB ledger = ${fmt(tableGb, 2)} GB`, `$${P.dynamoStorageGbMonth}/GB-mo`, tableGb * P.dynamoStorageGbMonth);
  line('DynamoDB point-in-time recovery', `${fmt(tableGb, 2)} GB`, `$${P.dynamoPitrGbMonth}/GB-mo`, tableGb * P.dynamoPitrGbMonth);

  const events = NIGHTS * sum(n2.events.values(), (n) => n);
  line('EventBridge events', `${NIGHTS} x ${sum(n2.events.values(), (n) => n)} = ${fmt(events)}`, `$${P.eventBridgeEventPerMillion}/M`, (events / 1e6) * P.eventBridgeEventPerMillion);
  const schedules = NIGHTS * (c.sources + 1) + DIGESTS;
  line('Scheduler invocations', `${NIGHTS} x (${c.sources} collect + 1 deadline) + ${DIGESTS} = ${fmt(schedules)}`, `$${P.schedulerInvocationPerMillion}/M`, (schedules / 1e6) * P.schedulerInvocationPerMillion);

  // The renewal window is 30 days wide: what the first night finds in it is about one month of alerts.
  const emails = n1.emails + (NIGHTS - 1) * n2.emails + DIGESTS * d.emails;
  line('SES emails', `${n1.emails} (first night) + ${NIGHTS - 1} x ${n2.emails} + ${DIGESTS} x ${d.emails} = ${fmt(emails)}`, `$${P.sesEmailPerThousand}/1,000`, (emails / 1000) * P.sesEmailPerThousand);

  line('Secrets Manager secrets', `1 for vendor credentials + 1 signing key = ${SECRETS}`, `$${P.secretPerMonth}/secret-mo`, SECRETS * P.secretPerMonth);
  const secretCalls = NIGHTS * (c.sources + 1);
  line('Secrets Manager API calls', `${NIGHTS} x (${c.sources} collect + 1 notify) = ${fmt(secretCalls)}`, `$${P.secretsApiCallsPer10k}/10k`, (secretCalls / 1e4) * P.secretsApiCallsPer10k);

  const logGb = (NIGHTS * logBytes(n2) + DIGESTS * logBytes(d)) / GB;
  line('CloudWatch Logs ingestion', `${NIGHTS} x ${fmt(logBytes(n2) / 1e3)} KB + ${DIGESTS} x ${fmt(logBytes(d) / 1e3)} KB = ${fmt(logGb * 1024, 1)} MB`, `$${P.logsIngestGb}/GB`, logGb * P.logsIngestGb);
  line('CloudWatch Logs storage', `${LOG_RETENTION_MONTHS} months kept, uncompressed: ${fmt(LOG_RETENTION_MONTHS * logGb * 1024, 1)} MB`, `$${P.logsStorageGbMonth}/GB-mo`, LOG_RETENTION_MONTHS * logGb * P.logsStorageGbMonth);
  // Each metric gets data in one hour a night (or a week): billed for those hours only.
  const nightMetrics = cloudWatchMetrics(n2.logs.metrics, c.sources);
  const digestMetrics = cloudWatchMetrics(d.logs.metrics, c.sources);
  const metricHours = NIGHTS * nightMetrics + DIGESTS * digestMetrics;
  line('CloudWatch custom metrics (EMF)', `(${NIGHTS} x ${nightMetrics} + ${DIGESTS} x ${digestMetrics}) metric-hours / 730 h`, `$${P.customMetricMonth}/metric-mo`, (metricHours / 730) * P.customMetricMonth);
  const alarms = ALARMS + (c.fanOut ? FANOUT_ALARMS : 0);
  line('CloudWatch alarms', c.fanOut ? `${ALARMS} + ${FANOUT_ALARMS} fan-out = ${alarms}` : `${alarms}`, `$${P.alarmMonth}/alarm-mo`, alarms * P.alarmMonth);
  if (c.fanOut) lines.push(...fanOutCost(c.fanOut));
  line('SQS, SNS', 'only on failures, bounces, alarms', '-', 0);
  return lines;
}

/** What partitioning adds: the state machine's transitions and the shared token bucket's writes. */
function fanOutCost(f: FanOutNight): CostLine[] {
  const transitions = NIGHTS * f.stateTransitions;
  const writes = NIGHTS * f.bucketWrites;
  return [
    {
      item: 'Step Functions state transitions',
      quantity: `${NIGHTS} x ${fmt(f.stateTransitions)} = ${fmt(transitions)}`,
      unitPrice: `$${P.stepFunctionsTransitionPerThousand}/1,000`,
      usd: (transitions / 1000) * P.stepFunctionsTransitionPerThousand,
    },
    {
      item: 'DynamoDB token-bucket writes',
      quantity: `${NIGHTS} x ${fmt(f.bucketWrites)} = ${fmt(writes)} WRU`,
      unitPrice: `$${P.dynamoWriteUnitPerMillion}/M`,
      usd: (writes / 1e6) * P.dynamoWriteUnitPerMillion,
    },
  ];
}
