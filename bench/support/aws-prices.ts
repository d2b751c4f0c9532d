/**
 * AWS list prices, us-east-1, as published on the AWS pricing pages on the date below. Prices
 * change: check them before quoting. Free tiers are left out on purpose (most of a small
 * install would fit in them, but they are per account and shared with everything else in it).
 */
export const PRICES_AS_OF = '2026-11-23';

export const PRICES = {
  lambdaRequestPerMillion: 0.2,
  /** arm64, first 7.5 billion GB-s a month. Since 2025-08-01 the INIT phase is billed too. */
  lambdaGbSecondArm: 0.0000133334,
  dynamoWriteUnitPerMillion: 0.625,
  dynamoReadUnitPerMillion: 0.125,
  dynamoStorageGbMonth: 0.25,
  /** Continuous backups (point-in-time recovery), per GB-month of table size. */
  dynamoPitrGbMonth: 0.2,
  eventBridgeEventPerMillion: 1.0,
  /** EventBridge Scheduler, after 14 million free invocations a month. */
  schedulerInvocationPerMillion: 1.0,
  sesEmailPerThousand: 0.1,
  secretPerMonth: 0.4,
  secretsApiCallsPer10k: 0.05,
  /** Lambda logs (vended, first tier) and standard log class ingestion. */
  logsIngestGb: 0.5,
  logsStorageGbMonth: 0.03,
  /** Prorated by the hour: a metric sent in 30 hours of a 730-hour month costs 30/730 of this. */
  customMetricMonth: 0.3,
  alarmMonth: 0.1,
  /** Step Functions Standard workflows, after 4,000 free state transitions a month. */
  stepFunctionsTransitionPerThousand: 0.025,
} as const;
