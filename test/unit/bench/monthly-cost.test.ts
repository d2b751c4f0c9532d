import { describe, expect, it } from 'vitest';
import { PRICES } from '../../../bench/support/aws-prices';
import { monthlyCost, type CostInputs } from '../../../bench/support/monthly-cost';
import type { Phase } from '../../../bench/support/night-phase';
import type { FunctionName } from '../../../bench/support/timed-runner';
import { DEFAULT_FUNCTION_SETTINGS } from '../../../lib/config';

/** A phase with the given invocations (fn, seconds) and write/read units; nothing else. */
function phase(name: string, invocations: Array<[FunctionName, number]>, units: { wru?: number; rru?: number } = {}): Phase {
  return {
    name,
    wallMs: 0,
    invocations: invocations.map(([fn, s]) => ({ fn, ms: s * 1000, label: '', phases: new Map() })),
    events: new Map([['SnapshotStored', 2]]),
    dynamo: {
      operations: new Map([
        ['BatchWriteItem', { requests: 1, capacityUnits: units.wru ?? 0, itemsWritten: 0, bytesWritten: 0 }],
        ['Query', { requests: 1, capacityUnits: units.rru ?? 0, itemsWritten: 0, bytesWritten: 0 }],
      ]),
      written: new Map(),
    },
    logs: { byFunction: new Map(), metrics: new Set() },
    vendorRequests: new Map(),
    vendor429s: 0,
    emails: 0,
    emailBytes: 0,
  };
}

const inputs = (over: Partial<CostInputs> = {}): CostInputs => ({
  firstNight: phase('first', [['collect', 100], ['collect', 20], ['reconcile', 5]]),
  steadyNight: phase('steady', [['collect', 1], ['collect', 1], ['reconcile', 4], ['notify', 2]], { wru: 1000, rru: 100 }),
  digest: phase('digest', [['digest', 3]]),
  sources: 2,
  ...over,
});
const usdOf = (lines: ReturnType<typeof monthlyCost>, item: string) => lines.find((l) => l.item === item)?.usd;
const gb = (fn: FunctionName) => DEFAULT_FUNCTION_SETTINGS[fn].memoryMb / 1024;

describe('monthlyCost', () => {
  it('prices collect from the paced first night and the rest from the steady night, 30 nights and 4 digests', () => {
    const lines = monthlyCost(inputs());
    const gbS = 30 * (120 * gb('collect') + 4 * gb('reconcile') + 2 * gb('notify')) + 4 * 3 * gb('digest');
    expect(usdOf(lines, 'Lambda duration (arm64)')).toBeCloseTo(gbS * PRICES.lambdaGbSecondArm, 10);
    expect(usdOf(lines, 'Lambda requests')).toBeCloseTo(((30 * 4 + 4 * 1) / 1e6) * PRICES.lambdaRequestPerMillion, 12);
    expect(usdOf(lines, 'DynamoDB writes (on-demand)')).toBeCloseTo(((30 * 1000) / 1e6) * PRICES.dynamoWriteUnitPerMillion, 12);
    expect(usdOf(lines, 'DynamoDB reads (on-demand)')).toBeCloseTo(((30 * 100) / 1e6) * PRICES.dynamoReadUnitPerMillion, 12);
  });

  it('keeps the fixed items: two secrets and six alarms', () => {
    const lines = monthlyCost(inputs());
    expect(usdOf(lines, 'Secrets Manager secrets')).toBeCloseTo(2 * PRICES.secretPerMonth, 10);
    expect(usdOf(lines, 'CloudWatch alarms')).toBeCloseTo(6 * PRICES.alarmMonth, 10);
    expect(lines.some((l) => l.item.startsWith('Step Functions'))).toBe(false);
  });

  it('takes projected collect worker-seconds and invocations in place of the first night\u2019s collects', () => {
    const projectedCollect = [
      { source: 'cw', workerSeconds: 3000, invocations: 6 },
      { source: 'ninja', workerSeconds: 60, invocations: 1 },
    ];
    const lines = monthlyCost(inputs({ projectedCollect }));
    const gbS = 30 * (3060 * gb('collect') + 4 * gb('reconcile') + 2 * gb('notify')) + 4 * 3 * gb('digest');
    expect(usdOf(lines, 'Lambda duration (arm64)')).toBeCloseTo(gbS * PRICES.lambdaGbSecondArm, 10);
    // 7 collect invocations replace the steady night's 2; reconcile and notify stay.
    expect(usdOf(lines, 'Lambda requests')).toBeCloseTo(((30 * 9 + 4) / 1e6) * PRICES.lambdaRequestPerMillion, 12);
  });

  it('adds the fan-out: state transitions, token-bucket writes and its alarm', () => {
    const lines = monthlyCost(inputs({ fanOut: { stateTransitions: 17, bucketWrites: 30_000 } }));
    expect(usdOf(lines, 'Step Functions state transitions')).toBeCloseTo(((30 * 17) / 1000) * PRICES.stepFunctionsTransitionPerThousand, 12);
    expect(usdOf(lines, 'DynamoDB token-bucket writes')).toBeCloseTo(((30 * 30_000) / 1e6) * PRICES.dynamoWriteUnitPerMillion, 12);
    expect(usdOf(lines, 'CloudWatch alarms')).toBeCloseTo(7 * PRICES.alarmMonth, 10);
  });
});
