import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorld } from '../../../local/demo/generate';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import { readInbox } from '../../../local/embedded/ses';

const RUN_DATE = '2026-11-23';
let demo: Demo;

beforeAll(async () => {
  demo = await startDemo({ asOf: RUN_DATE, world: generateDemoWorld({ seed: 7, asOf: RUN_DATE, clients: 120, devicesPerClient: 10, subscriptionsPerClient: 6 }) });
});
afterAll(async () => demo?.close());

describe('a large night of true-ups', () => {
  it('splits the finance batch over emails of at most 40 changes, whole clients together, every proposal once', async () => {
    const { report } = await demo.runNight(RUN_DATE);
    expect(report.proposals.created).toBeGreaterThan(40);
    const finance = (await readInbox(demo.sesUrl)).filter((e) => /true-ups? to approve/.test(e.subject));
    expect(finance.length).toBeGreaterThan(1);
    finance.forEach((e, i) => expect(e.subject).toContain(`part ${i + 1} of ${finance.length}`));
    const approveLinks = finance.flatMap((e) => [...(e.body.text ?? '').matchAll(/^ {2}Approve: (\S+)$/gm)].map((m) => m[1]!));
    const perEmail = finance.map((e) => [...(e.body.text ?? '').matchAll(/^ {2}Approve: (\S+)$/gm)].length);
    expect(perEmail.every((n) => n > 0 && n <= 40)).toBe(true);
    expect(approveLinks).toHaveLength(report.proposals.created);
    expect(new Set(approveLinks).size).toBe(report.proposals.created);

    await demo.runNight(RUN_DATE);
    expect((await readInbox(demo.sesUrl)).filter((e) => /true-ups? to approve/.test(e.subject))).toHaveLength(finance.length);
  });
});
