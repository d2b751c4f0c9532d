import { afterEach, describe, expect, it } from 'vitest';
import { startDemo, type Demo, type DemoOptions } from '../../local/demo/run-demo';
import type { LocalNight } from '../../local/night';
import { OAUTH_VENDORS, VENDORS } from '../support/vendor-sims';

/**
 * Whole nights on the demo MSP with every simulator doing what the specs allow: serving fewer
 * rows than asked and revoking OAuth tokens mid-pull. The night must read as the plain night
 * does, figure for figure; a fixed key revoked mid-pull fails its source and the night says so.
 */

const RUN_DATE = '2026-11-23';
const demos: Demo[] = [];
afterEach(async () => {
  await Promise.all(demos.splice(0).map((d) => d.close()));
});

/**
 * HaloPSA's 100-day work read (one /Actions request a day, tickets at 3 a page) would wait out its
 * rate limit for minutes here: its work pull meets these faults in
 * test/integration/connectors/halopsa-work.test.ts. ConnectWise's work stays in.
 */
const sourceOverrides = { halo: { labor: { enabled: false } } };

async function night(faults: DemoOptions['faults'] = {}): Promise<LocalNight> {
  const demo = await startDemo({ asOf: RUN_DATE, faults, sourceOverrides });
  demos.push(demo);
  return demo.runNight(RUN_DATE);
}

/** What a person would act on: per-source outcome and counts, and every finding's figures. */
const figures = (n: LocalNight) => ({
  collected: n.collected.map((c) => ({ sourceId: c.sourceId, state: c.state, counts: c.counts })),
  sources: n.report.sources.map((s) => [s.sourceId, s.state]),
  findings: n.report.findings,
  totals: n.report.totals,
  renewals: n.report.renewals.map((r) => [r.agreementKey, r.endDate]),
  labor: n.report.labor,
  health: n.report.health,
});

describe('a whole night through simulators doing what the specs allow', () => {
  it('gives the same figures when every vendor serves 3 rows a page and OAuth tokens are revoked mid-pull', async () => {
    const plain = figures(await night());
    const oauth = new Set<string>(OAUTH_VENDORS);
    const faults = Object.fromEntries(VENDORS.map((v) => [v, { clampPageSize: 3, ...(oauth.has(v) ? { revokeTokensAfter: 2 } : {}) }]));
    const hostile = figures(await night(faults));

    expect(plain.collected.every((c) => c.state === 'stored')).toBe(true);
    expect(plain.findings.length).toBeGreaterThan(0);
    expect(hostile).toEqual(plain);
  });

  it('fails only the source whose fixed key is revoked mid-pull, and says so instead of reading part of it', async () => {
    const { collected, report } = await night({ connectwise: { revokeTokensAfter: 2 } });

    expect(collected.find((c) => c.sourceId === 'cw')).toMatchObject({ state: 'failed', error: expect.stringMatching(/HTTP 401 .*Check /) });
    expect(collected.filter((c) => c.state === 'failed').map((c) => c.sourceId)).toEqual(['cw']);
    expect(report.sources.find((s) => s.sourceId === 'cw')?.state).not.toBe('fresh');
  });
});
