import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import { readInbox } from '../../../local/embedded/ses';
import { collectSource } from '../../../shared/app/collect';
import { buildAppContext, type AppContext } from '../../../shared/app/context';
import { buildDigest } from '../../../shared/app/digest';
import { reconcileNight } from '../../../shared/app/reconcile-night';
import { isPsaConnector } from '../../../shared/connectors/types';
import type { Proposal } from '../../../shared/domain/trueups';
import { loadLedger, setLedgerStatus } from '../../../shared/store/ledger';
import { getProposal, transitionProposal } from '../../../shared/store/proposals';
import { listAudit } from '../../../shared/store/records';

/**
 * An approval whose write-back never reported (the function was killed mid-write) on the demo
 * MSP: the proposal is left WRITING as such a crash leaves it, and the next night settles it from
 * the simulated PSA line. A re-proposal gets a new id, so the old email's link cannot decide it.
 */

const NIGHT = '2026-03-02';
const NEXT_NIGHT = '2026-03-03';
/** Before the demo clock (noon UTC of the night) by more than the 15-minute write-back timeout. */
const DECIDED_AT = `${NIGHT}T11:00:00.000Z`;

let demo: Demo;
let ctx: AppContext;
let landed: Proposal;
let lost: Proposal;
let lostLink: string;

/** Every per-change Approve link finance has been sent so far. */
const approveLinks = async () =>
  (await readInbox(demo.sesUrl))
    .filter((e) => /true-ups? to approve/.test(e.subject))
    .flatMap((e) => [...(e.body.text ?? '').matchAll(/^ {2}Approve: (\S+)$/gm)].map((m) => m[1]!));
/** The proposal a link names, read from the link's own (signed, not secret) payload. */
const proposalIdOf = (url: string) => (JSON.parse(Buffer.from(new URL(url).pathname.split('/').pop()!.split('.')[0]!, 'base64url').toString()) as { t: { p?: string } }).t.p!;
const psa = (p: Proposal) => {
  const c = ctx.connector(p.psaSourceId);
  if (!isPsaConnector(c)) throw new Error(`${p.psaSourceId} is not a PSA`);
  return c;
};
const confirm = (url: string) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
const entryOf = async (p: Proposal) => (await loadLedger(demo.table)).find((e) => e.clientKey === p.clientKey && e.lineKey === p.lineKey)!;

/**
 * What an approval function killed between "approved: writing" and the outcome leaves behind:
 * WRITING, or APPROVED with that outcome when it was decided before the WRITING status existed.
 */
async function killedMidWrite(p: Proposal, status: 'WRITING' | 'APPROVED'): Promise<void> {
  await transitionProposal(demo.table, p.id, 'PENDING', status, { decidedAt: DECIDED_AT, decidedBy: demo.config.recipients.finance[0], outcome: 'approved: writing to the PSA' });
  await setLedgerStatus(demo.table, p, p.id, 'approved');
}

beforeAll(async () => {
  demo = await startDemo({ asOf: NIGHT });
  await demo.runNight(NIGHT);
  ctx = buildAppContext(demo.config);
  const links = await approveLinks();
  const proposals = await Promise.all(links.map(async (url) => (await getProposal(demo.table, proposalIdOf(url)))!));
  const increases = proposals.filter((p) => p.proposedQuantity > p.expectedQuantity && p.addToAgreement === undefined);
  [landed, lost] = [increases[0]!, increases[1]!];
  lostLink = links[proposals.indexOf(lost)]!;
  await killedMidWrite(landed, 'APPROVED');
  await killedMidWrite(lost, 'WRITING');
  // The first write reached the PSA before the function died; the second never did.
  await psa(landed).writeLineQuantity({ ref: landed.writeBack, expectedQuantity: landed.expectedQuantity, newQuantity: landed.proposedQuantity, effectiveDate: NIGHT });
}, 120_000);
afterAll(async () => demo?.close());

describe('a write-back that never reported', () => {
  it('reads on its page and in the digest as not finished and checked tonight, not as applied', async () => {
    const page = await (await fetch(lostLink)).text();
    expect(page).toContain('<h1>Approved, but the write-back did not finish: checking tonight</h1>');
    expect(page).not.toContain('<form');
    const digest = await buildDigest(buildAppContext(demo.config, { now: () => new Date(`${NIGHT}T12:00:00.000Z`) }));
    const unfinished = digest.decisions.filter((d) => d.outcome === 'write-back did not finish; checking tonight');
    expect(unfinished.map((d) => d.product).sort()).toEqual([landed.product, lost.product].sort());
  });

  it('is settled the next night from the PSA line: applied where the quantity is there, failed and proposed again where not', async () => {
    const { report } = await demo.runNight(NEXT_NIGHT);
    expect(report.writeBacksRecovered.map((w) => [w.proposalId, w.status]).sort()).toEqual([[landed.id, 'APPLIED'], [lost.id, 'FAILED']].sort());

    expect(await getProposal(demo.table, landed.id)).toMatchObject({ status: 'APPLIED', outcome: expect.stringContaining(`on ${NEXT_NIGHT} the PSA line showed the new quantity`) });
    expect((await entryOf(landed)).status).toMatch(/^(applied|resolved)$/);

    expect(await getProposal(demo.table, lost.id)).toMatchObject({ status: 'FAILED', outcome: `write-back did not finish: on ${NEXT_NIGHT} the PSA line showed ${lost.expectedQuantity}, not ${lost.proposedQuantity}. The next run proposes again.` });
    const again = await entryOf(lost);
    expect(again.status).toBe('proposed');
    expect(again.proposalId).not.toBe(lost.id);
    expect(await getProposal(demo.table, again.proposalId!)).toMatchObject({ status: 'PENDING', createdOn: NEXT_NIGHT, expectedQuantity: lost.expectedQuantity, proposedQuantity: lost.proposedQuantity });
    expect((await approveLinks()).map(proposalIdOf)).toContain(again.proposalId);

    const audit = await listAudit(demo.table, '2026-03');
    expect(audit.filter((a) => a.actor === 'trueup (nightly check)').map((a) => [a.proposalId, a.action]).sort()).toEqual([[landed.id, 'write-back confirmed'], [lost.id, 'write-back failed']].sort());
  });

  it('cannot be decided again from the old email: its link decides only the proposal that email showed', async () => {
    const again = (await entryOf(lost)).proposalId!;
    const before = await psa(lost).readLineQuantity(lost.writeBack, NEXT_NIGHT);
    const page = await (await confirm(lostLink)).text();
    expect(page).toContain('This link was used already');
    expect(await getProposal(demo.table, again)).toMatchObject({ status: 'PENDING' });
    expect(await psa(lost).readLineQuantity(lost.writeBack, NEXT_NIGHT)).toBe(before);
  });

  it('re-proposes under yet another id when the night runs again after the new proposal failed too', async () => {
    const second = (await entryOf(lost)).proposalId!;
    await transitionProposal(demo.table, second, 'PENDING', 'WRITING');
    await transitionProposal(demo.table, second, 'WRITING', 'FAILED', { outcome: 'write-back failed: HTTP 500' });
    await setLedgerStatus(demo.table, lost, second, 'open');
    // An hour later one source is collected again, so the night is reconciled again.
    const later = buildAppContext(demo.config, { now: () => new Date(`${NEXT_NIGHT}T13:00:00.000Z`), events: { publish: async () => {} } });
    await collectSource(later, lost.psaSourceId, NEXT_NIGHT);
    expect((await reconcileNight(later, NEXT_NIGHT, { deadline: true })).state).toBe('done');
    const third = (await entryOf(lost)).proposalId!;
    expect(third).not.toBe(second);
    expect(await getProposal(demo.table, second)).toMatchObject({ status: 'FAILED', outcome: 'write-back failed: HTTP 500' });
    expect(await getProposal(demo.table, third)).toMatchObject({ status: 'PENDING', createdOn: NEXT_NIGHT });
  });
});
