import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastingPaths, planNights, runLastingDemo, type LastingRun } from '../../../local/demo/lasting';
import { buildAppContext } from '../../../shared/app/context';
import { buildDigest } from '../../../shared/app/digest';
import { createLinkSigner } from '../../../shared/approvals/tokens';
import type { Proposal } from '../../../shared/domain/trueups';
import { loadLedger } from '../../../shared/store/ledger';
import { getProposal, listProposals } from '../../../shared/store/proposals';

/**
 * The demo that lasts: night one, a true-up approved through the approval endpoint, the process
 * gone; then a new start with --next-night finds the approval's effect in the simulated PSA, the
 * ledger and the digest, because the database, the world and the write-backs were kept.
 */

const FIRST = '2026-11-23';
let home: string;
let run: LastingRun | undefined;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'trueup-lasting-'));
});
afterAll(async () => {
  await run?.close();
  await rm(home, { recursive: true, force: true });
});

async function approveOne(r: LastingRun): Promise<Proposal> {
  const { demo } = r;
  const p = (await listProposals(demo.table, FIRST)).find((x) => x.psaSourceId === 'cw' && x.status === 'PENDING' && x.proposedQuantity > x.expectedQuantity)!;
  const signer = await createLinkSigner(demo.config, buildAppContext(demo.config).secrets, () => demo.now());
  const link = signer.link({ proposalId: p.id, recipient: demo.config.recipients.finance[0]! }, 'approve');
  const res = await fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
  expect(res.status).toBe(200);
  expect((await getProposal(demo.table, p.id))!.status).toBe('APPLIED');
  return p;
}

describe('the lasting demo', () => {
  it('keeps an approval across a restart: the next night counts it as recovered and the digest shows it', async () => {
    run = await runLastingDemo({ home, today: FIRST });
    expect(run.nights.map((n) => n.runDate)).toEqual([FIRST]);
    expect(run.resumed).toBe(false);
    // A night only reads, Autotask's POSTed queries included: nothing to journal.
    expect(Object.values(run.demo.simulators).flatMap((sim) => sim.writes)).toEqual([]);
    const approved = await approveOne(run);
    const journal = JSON.parse(await readFile(lastingPaths(home).writes, 'utf8')) as Record<string, Array<{ method: string }>>;
    expect(Object.keys(journal)).toEqual(['connectwise']);
    expect(journal.connectwise!.map((w) => w.method)).toEqual(['PATCH']);
    const key = run.demo.env.TRUEUP_DEMO_SIGNING_KEY;
    await run.close();

    run = await runLastingDemo({ home, today: FIRST, nextNight: true });
    expect(run.resumed).toBe(true);
    expect(run.nights.map((n) => n.runDate)).toEqual(['2026-11-24']);
    const entry = (await loadLedger(run.demo.table)).find((e) => e.clientKey === approved.clientKey && e.lineKey === approved.lineKey)!;
    expect(entry).toMatchObject({ status: 'resolved', resolvedOn: '2026-11-24', recoveredCents: approved.monthlyImpactCents });
    const digest = await buildDigest(buildAppContext(run.demo.config, { now: () => run!.demo.now() }));
    expect(digest.recovered.thisWeekCents).toBeGreaterThanOrEqual(approved.monthlyImpactCents);
    expect(await getProposal(run.demo.table, approved.id)).toMatchObject({ status: 'APPLIED' });

    const p = lastingPaths(home);
    expect((await stat(p.env)).mode & 0o777).toBe(0o600);
    expect(await readFile(p.env, 'utf8')).toContain(`TRUEUP_DEMO_SIGNING_KEY=${key}\n`);
    expect(JSON.parse(await readFile(p.nights, 'utf8'))).toEqual([FIRST, '2026-11-24']);
    await run.close();
    run = undefined;
  }, 120_000);

  it('starts over with --reset', async () => {
    run = await runLastingDemo({ home, today: '2026-12-01', reset: true });
    expect(run.resumed).toBe(false);
    expect(run.nights.map((n) => n.runDate)).toEqual(['2026-12-01']);
    expect(await loadLedger(run.demo.table).then((l) => l.every((e) => e.firstSeen >= '2026-12-01'))).toBe(true);
    await run.close();
    run = undefined;
  }, 60_000);
});

describe('which nights a demo run covers', () => {
  const today = '2026-11-29';
  it('starts at today, or ends there when simulating weeks', () => {
    expect(planNights([], { today })).toEqual([today]);
    expect(planNights([], { today, weeks: 1 })).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', today]);
  });
  it('continues after the last stored night, or runs it again', () => {
    expect(planNights(['2026-11-20'], { today })).toEqual(['2026-11-20']);
    expect(planNights(['2026-11-20'], { today, nextNight: true })).toEqual(['2026-11-21']);
    expect(planNights(['2026-11-20'], { today, weeks: 2 })).toHaveLength(14);
    expect(planNights(['2026-11-20'], { today, weeks: 2 })[0]).toBe('2026-11-21');
  });
  it('refuses to go back in time or to be told the night twice', () => {
    expect(() => planNights(['2026-11-20'], { today, asOf: '2026-11-19' })).toThrow(/already run up to 2026-11-20; --reset/);
    expect(() => planNights(['2026-11-20'], { today, asOf: '2026-11-22', nextNight: true })).toThrow(/twice/);
    expect(() => planNights([], { today, nextNight: true })).toThrow(/none has run yet/);
  });
});
