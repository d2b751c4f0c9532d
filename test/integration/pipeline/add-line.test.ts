import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import { readInbox } from '../../../local/embedded/ses';
import { buildAppContext, type AppContext } from '../../../shared/app/context';
import { isPsaConnector, type PsaConnector } from '../../../shared/connectors/types';
import type { Proposal } from '../../../shared/domain/trueups';
import { loadLedger, setLedgerStatus } from '../../../shared/store/ledger';
import { getProposal, listProposals, transitionProposal } from '../../../shared/store/proposals';
import { listAudit } from '../../../shared/store/records';

/**
 * Add-line true-ups on the demo MSP: usage no line bills is proposed as a new line on the
 * client's agreement, approved over HTTP from the finance email's link, and created in the
 * simulated PSA; a line someone added meanwhile refuses the write; a write that never reported
 * is settled the next night from the PSA; and the next night counts the gap recovered.
 */

const NIGHT = '2026-03-02';
const NEXT_NIGHT = '2026-03-03';

let demo: Demo;
let ctx: AppContext;
let addLines: Proposal[];
let links: Map<string, string>;

const proposalIdOf = (url: string) => (JSON.parse(Buffer.from(new URL(url).pathname.split('/').pop()!.split('.')[0]!, 'base64url').toString()) as { t: { p?: string } }).t.p!;
const psa = (p: Proposal): PsaConnector => {
  const c = ctx.connector(p.psaSourceId);
  if (!isPsaConnector(c)) throw new Error(`${p.psaSourceId} is not a PSA`);
  return c;
};
const lineNow = (p: Proposal) => psa(p).findProductLine(p.addToAgreement!, [p.product], NIGHT);
const confirm = (url: string) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
const entryOf = async (p: Proposal) => (await loadLedger(demo.table)).find((e) => e.clientKey === p.clientKey && e.lineKey === p.lineKey)!;

beforeAll(async () => {
  demo = await startDemo({ asOf: NIGHT });
  await demo.runNight(NIGHT);
  ctx = buildAppContext(demo.config);
  const mails = (await readInbox(demo.sesUrl)).filter((e) => /true-ups? to approve/.test(e.subject));
  const urls = mails.flatMap((e) => [...(e.body.text ?? '').matchAll(/^ {2}Approve: (\S+)$/gm)].map((m) => m[1]!));
  links = new Map(urls.map((u) => [proposalIdOf(u), u]));
  // Uncapped ones, so an applied line closes the whole gap.
  addLines = (await listProposals(demo.table, NIGHT)).filter((p) => p.addToAgreement !== undefined && p.proposedQuantity === p.observedTotal);
}, 120_000);
afterAll(async () => demo?.close());

describe('add-line true-ups', () => {
  it('are proposed for the demo\'s unbilled usage, on the clients\' agreements at the list price, and mailed with a link each', () => {
    expect(addLines.length).toBeGreaterThanOrEqual(3);
    const price = new Map(demo.config.recipes.map((r) => [r.product, r.listPriceCents]));
    for (const p of addLines) {
      expect(p).toMatchObject({ kind: 'unbilled-usage', expectedQuantity: 0, lineExternalId: '', unitPriceCents: price.get(p.product) });
      expect(links.has(p.id), p.id).toBe(true);
    }
  });

  it('approved over HTTP, creates the line in the simulated PSA and says so', async () => {
    const p = addLines[0]!;
    expect(await lineNow(p)).toBeNull();
    const page = await (await fetch(links.get(p.id)!)).text();
    expect(page).toContain(`add a line for ${p.proposedQuantity} ${p.product}`);

    const outcome = await (await confirm(links.get(p.id)!)).text();
    expect(outcome).toContain('Approved and written to the PSA');
    const line = await lineNow(p);
    expect(line).toEqual({ lineExternalId: expect.any(String), quantity: p.proposedQuantity });
    expect(await getProposal(demo.table, p.id)).toMatchObject({ status: 'APPLIED', outcome: expect.stringContaining(`applied: added line ${line!.lineExternalId} for ${p.product}, 0 -> ${p.proposedQuantity}`) });
    expect((await entryOf(p)).status).toBe('applied');
  });

  it('refuses, writing nothing, when a line for the product appeared on the agreement since the email', async () => {
    const p = addLines[1]!;
    // Someone adds the line in the PSA after the email went out.
    await psa(p).addLine({ agreementExternalId: p.addToAgreement!, product: p.product, productNames: [p.product], quantity: 2, unitPriceCents: p.unitPriceCents, effectiveDate: NIGHT });
    const outcome = await (await confirm(links.get(p.id)!)).text();
    expect(outcome).toContain('Approved, but not written: the PSA changed');
    expect(await getProposal(demo.table, p.id)).toMatchObject({ status: 'CONFLICT', outcome: expect.stringContaining(`a line for ${p.product} appeared on the agreement since the email`) });
    expect(await lineNow(p)).toMatchObject({ quantity: 2 });
    expect((await entryOf(p)).status).toBe('open');
  });

  it('the next night: an unfinished add-line is settled from the PSA, and the added lines count as recovered', async () => {
    const [applied, , unfinished] = addLines as [Proposal, Proposal, Proposal];
    // An approval killed after the line reached the PSA, before it could say so.
    await transitionProposal(demo.table, unfinished.id, 'PENDING', 'WRITING', { decidedAt: `${NIGHT}T11:00:00.000Z`, decidedBy: demo.config.recipients.finance[0], outcome: 'approved: writing to the PSA' });
    await setLedgerStatus(demo.table, unfinished, unfinished.id, 'approved');
    await psa(unfinished).addLine({ agreementExternalId: unfinished.addToAgreement!, product: unfinished.product, productNames: [unfinished.product], quantity: unfinished.proposedQuantity, unitPriceCents: unfinished.unitPriceCents, effectiveDate: NIGHT });

    const { report } = await demo.runNight(NEXT_NIGHT);
    expect(report.writeBacksRecovered).toEqual([expect.objectContaining({ proposalId: unfinished.id, status: 'APPLIED' })]);
    for (const p of [applied, unfinished]) expect(await entryOf(p)).toMatchObject({ status: 'resolved', resolvedOn: NEXT_NIGHT, recoveredCents: p.monthlyImpactCents });
    const audit = await listAudit(demo.table, '2026-03');
    expect(audit.filter((a) => a.proposalId === applied.id).map((a) => [a.action, a.detail.addToAgreement])).toEqual([['approved', applied.addToAgreement]]);
    expect(audit.filter((a) => a.proposalId === unfinished.id).map((a) => a.action)).toEqual(['write-back confirmed']);
  });
});
