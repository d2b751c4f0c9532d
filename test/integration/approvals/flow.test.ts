import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startApprovalServer } from '../../../local/approval-server';
import { CONNECTWISE_BASE_PATH, CONNECTWISE_DEMO_ENV, startConnectWiseSimulator, type ConnectWiseSimState } from '../../../local/simulators/connectwise';
import type { RunningSimulator } from '../../../local/simulators/harness';
import { buildAppContext, useAppContext, type AppContext } from '../../../shared/app/context';
import { createSecretResolver } from '../../../shared/config/secrets';
import type { TrueupConfigInput } from '../../../shared/config/schema';
import { createLinkSigner, type ApprovalAction, type ApprovalTarget } from '../../../shared/approvals/tokens';
import type { Proposal } from '../../../shared/domain/trueups';
import { loadLedger, saveLedgerEntries } from '../../../shared/store/ledger';
import { getPair, recordSuggestions } from '../../../shared/store/matches';
import { createProposal, getProposal } from '../../../shared/store/proposals';
import { listAudit, recordMailSent } from '../../../shared/store/records';
import { getSuppression, listSuppressions } from '../../../shared/store/suppressions';
import type { Table } from '../../../shared/store/table';
import { APPROVAL_ENV, approvalConfig } from '../../support/approval-config';
import { connectWiseWorld } from '../../support/connectwise-world';
import { startDynamo, type EmbeddedDynamo } from '../../support/dynamo';
import { entry, proposal } from '../../support/mail-models';

/**
 * The approval endpoint over real HTTP (the local server feeding the Function URL handler),
 * against the embedded DynamoDB and the ConnectWise simulator: agreement 101, addition 1001,
 * Managed Workstation, quantity 42, proposed 47.
 */

const NOW = new Date('2026-03-02T14:00:00Z');
const ENV = { ...CONNECTWISE_DEMO_ENV, ...APPROVAL_ENV };
const FINANCE = 'billing@contoso-it.example';

let dynamo: EmbeddedDynamo;
let server: { url: string; close(): Promise<void> };
let cw: RunningSimulator & { state: ConnectWiseSimState };
let table: Table;
let ctx: AppContext;

beforeAll(async () => {
  dynamo = await startDynamo();
  server = await startApprovalServer();
});
afterAll(async () => {
  useAppContext(undefined);
  await server.close();
  await dynamo.close();
});
beforeEach(async () => {
  cw = await startConnectWiseSimulator(connectWiseWorld());
  table = await dynamo.freshTable();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await cw.close();
});

const addition = () => cw.state.additions.get(101)!.find((a) => a.id === 1001)!;
const patches = () => cw.log.filter((r) => r.method === 'PATCH');

async function setup(over: Partial<TrueupConfigInput> = {}, p: Proposal = proposal({ writeBack: { agreementId: 101, additionId: 1001 } })) {
  const config = approvalConfig(
    {
      approvals: { baseUrl: server.url, signingKey: { env: 'TRUEUP_SIGNING_KEY' }, ttlHours: 72 },
      storage: { tableName: table.name, endpoint: dynamo.endpoint },
      safety: { shadowMode: false },
      ...over,
    },
    `${cw.url}${CONNECTWISE_BASE_PATH}`,
  );
  ctx = buildAppContext(config, { env: ENV, now: () => NOW });
  useAppContext(ctx);
  await createProposal(table, p);
  await saveLedgerEntries(table, [entry({ status: 'proposed', proposalId: p.id, clientKey: p.clientKey, lineKey: p.lineKey })], null);
  const signer = await createLinkSigner(config, createSecretResolver(ENV), () => NOW);
  const link = (action: ApprovalAction, target: ApprovalTarget = { proposalId: p.id, recipient: FINANCE }) => signer.link(target, action);
  return { p, link };
}

const confirm = (url: string, form = '') =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'vitest-browser' }, body: `confirm=yes${form}` });
const ledgerOf = async (p: Proposal) => (await loadLedger(table)).find((e) => e.proposalId === p.id || e.lineKey === p.lineKey)!;

describe('GET and HEAD change nothing', () => {
  it('GET shows the evidence and a confirm form, with no-store, no-referrer and a strict CSP', async () => {
    const { p, link } = await setup();
    const res = await fetch(link('approve'));
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/);
    expect(body).toContain('<h1>Approve this change?</h1>');
    expect(body).toContain('Northwind Traders: increase Managed Workstation from 42 to 47');
    expect(body).toContain('ninja: 47 devices: WINDOWS_WORKSTATION, MAC; approved; seen in 30 days; newest first: NW-LAPTOP-17 (first seen by Trueup 27 Feb 2026, last seen 1 Mar 2026)');
    expect(body).toContain('<a href="https://app.ninjarmm.com/#/customerDashboard/77/overview">open in ninja</a>');
    expect(body).toMatch(/<form method="post" class="card">\s*<input type="hidden" name="confirm" value="yes">/);
    expect(body).not.toMatch(/<script|style="/);

    expect(await getProposal(table, p.id)).toMatchObject({ status: 'PENDING', decidedAt: null });
    expect((await ledgerOf(p)).status).toBe('proposed');
    expect(await listAudit(table, '2026-03')).toEqual([]);
    expect(cw.log).toEqual([]);
  });

  it('HEAD answers like GET without a body, and changes nothing', async () => {
    const { p, link } = await setup();
    for (const action of ['approve', 'reject'] as const) {
      const res = await fetch(link(action), { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toBe('');
    }
    expect(await getProposal(table, p.id)).toMatchObject({ status: 'PENDING' });
    expect(await listAudit(table, '2026-03')).toEqual([]);
    expect(cw.log).toEqual([]);
  });

  it('a POST without the confirm field is not a decision', async () => {
    const { p, link } = await setup();
    const res = await fetch(link('approve'), { method: 'POST' });
    expect(res.status).toBe(400);
    expect(await getProposal(table, p.id)).toMatchObject({ status: 'PENDING' });
    expect(cw.log).toEqual([]);
  });

  it('other methods are refused', async () => {
    const { link } = await setup();
    const res = await fetch(link('approve'), { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
  });
});

describe('refused links', () => {
  it.each([
    ['tampered', (url: string) => url.slice(0, -3) + (url.endsWith('AAA') ? 'BBB' : 'AAA'), 403, 'This link has been altered'],
    ['cut short', (url: string) => url.slice(0, url.lastIndexOf('.')), 400, 'This link is not complete'],
  ])('a %s link is refused before any database read', async (_name, mangle, status, title) => {
    const { p, link } = await setup();
    const send = vi.spyOn(ctx.table.doc, 'send');
    for (const method of ['GET', 'POST']) {
      const res = method === 'POST' ? await confirm(mangle(link('approve'))) : await fetch(mangle(link('approve')));
      expect(res.status).toBe(status);
      expect(await res.text()).toContain(`<h1>${title}</h1>`);
    }
    expect(send).not.toHaveBeenCalled();
    send.mockRestore();
    expect(await getProposal(table, p.id)).toMatchObject({ status: 'PENDING' });
    expect(cw.log).toEqual([]);
  });

  it('an expired link is refused and changes nothing', async () => {
    const { p, link } = await setup();
    const url = link('approve');
    ctx = buildAppContext(ctx.config, { env: ENV, now: () => new Date(NOW.getTime() + 73 * 3_600_000) });
    useAppContext(ctx);
    const res = await confirm(url);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('<h1>This link has expired</h1>');
    expect(await getProposal(table, p.id)).toMatchObject({ status: 'PENDING' });
    expect(cw.log).toEqual([]);
  });

  it('a path that is not an approval link gets a plain 404', async () => {
    await setup();
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('POST decides once', () => {
  it('approve writes the new quantity with compare-and-set, and records who, when, from where and what', async () => {
    const { p, link } = await setup();
    const res = await confirm(link('approve'));
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(body).toContain('<h1>Approved and written to the PSA</h1>');
    expect(addition().quantity).toBe(47);
    expect(cw.log.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${CONNECTWISE_BASE_PATH}/finance/agreements/101/additions/1001`,
      `PATCH ${CONNECTWISE_BASE_PATH}/finance/agreements/101/additions/1001`,
    ]);

    const stored = await getProposal(table, p.id);
    expect(stored).toMatchObject({ status: 'APPLIED', decidedBy: FINANCE, decidedAt: NOW.toISOString() });
    expect(stored!.outcome).toMatch(/^applied: 42 -> 47, from the next invoice of agreement 101/);
    expect((await ledgerOf(p)).status).toBe('applied');
    const audit = await listAudit(table, '2026-03');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      at: NOW.toISOString(),
      action: 'approved',
      actor: FINANCE,
      from: '127.0.0.1 (vitest-browser)',
      proposalId: p.id,
      detail: { clientName: 'Northwind Traders', product: 'Managed Workstation', status: 'APPLIED', previousQuantity: 42, newQuantity: 47, shadowMode: false, via: 'proposal link' },
    });
  });

  it('a second click shows the recorded outcome and writes nothing more', async () => {
    const { p, link } = await setup();
    const url = link('approve');
    await confirm(url);
    for (const again of [() => confirm(url), () => fetch(url), () => confirm(link('reject'), '&reason=flat-fee')]) {
      const res = await again();
      const body = await res.text();
      expect(res.status).toBe(200);
      expect(body).toContain('This link was used already; this is the recorded outcome. Nothing was changed now.');
      expect(body).toContain('Approved and written to the PSA');
    }
    expect(patches()).toHaveLength(1);
    expect(await getProposal(table, p.id)).toMatchObject({ status: 'APPLIED' });
    expect(await listAudit(table, '2026-03')).toHaveLength(1);
  });

  it('in shadow mode an approval is recorded and nothing is written', async () => {
    const { p, link } = await setup({ safety: { shadowMode: true } });
    const body = await (await confirm(link('approve'))).text();
    expect(body).toContain('approved in shadow mode: not written');
    expect(await getProposal(table, p.id)).toMatchObject({ status: 'APPROVED', outcome: 'approved in shadow mode: not written' });
    expect(addition().quantity).toBe(42);
    expect(cw.log).toEqual([]);
    expect((await listAudit(table, '2026-03'))[0]!.detail).toMatchObject({ status: 'APPROVED', shadowMode: true });
  });

  it('a quantity changed in the PSA since the proposal is a CONFLICT, and the finding re-opens for the next night', async () => {
    const { p, link } = await setup();
    addition().quantity = 45;
    const body = await (await confirm(link('approve'))).text();
    expect(body).toContain('<h1>Approved, but not written: the PSA changed</h1>');
    const stored = await getProposal(table, p.id);
    expect(stored!.status).toBe('CONFLICT');
    expect(stored!.outcome).toContain('quantity is 45 in the PSA, but the proposal was based on 42; not written');
    expect(addition().quantity).toBe(45);
    expect(patches()).toEqual([]);
    expect(await ledgerOf(p)).toMatchObject({ status: 'open', proposalId: null });
  });

  it('a failed write-back (the PSA answers 500 on the PATCH) leaves the proposal FAILED with the reason', async () => {
    const { p, link } = await setup();
    // The simulator's store rejects the write: its PATCH route answers 500, reads still work.
    Object.defineProperty(addition(), 'quantity', {
      enumerable: true,
      get: () => 42,
      set: () => {
        throw new Error('database is locked');
      },
    });
    const res = await confirm(link('approve'));
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(body).toContain('<h1>Approved, but the write to the PSA failed</h1>');
    expect(body).toContain('HTTP 500 on PATCH');
    expect(patches().map((r) => r.status)).toEqual([500]);
    const stored = await getProposal(table, p.id);
    expect(stored!.status).toBe('FAILED');
    expect(stored!.outcome).toMatch(/^write-back failed: ConnectWise PSA \(cw\): HTTP 500 on PATCH \S+$/);
    // What the PSA answered stays out of the page and the proposal, and in the audit trail.
    expect(body).not.toContain('database is locked');
    expect(await ledgerOf(p)).toMatchObject({ status: 'open' });
    expect((await listAudit(table, '2026-03'))[0]!.detail).toMatchObject({ status: 'FAILED', vendorDetail: expect.stringContaining('database is locked') });
  });

  it('a proposal the ledger no longer points at is SUPERSEDED, not written', async () => {
    const { p, link } = await setup();
    await saveLedgerEntries(table, [entry({ status: 'proposed', proposalId: 'a-newer-one', clientKey: p.clientKey, lineKey: p.lineKey })], null);
    const body = await (await confirm(link('approve'))).text();
    expect(body).toContain('Replaced by a newer proposal');
    expect(await getProposal(table, p.id)).toMatchObject({ status: 'SUPERSEDED' });
    expect(cw.log).toEqual([]);
  });
});

describe('reject asks why', () => {
  it('the reject page offers the reasons, and a POST without a valid one is refused and changes nothing', async () => {
    const { p, link } = await setup();
    const url = link('reject');
    const page = await (await fetch(url)).text();
    for (const code of ['flat-fee', 'client-owned', 'test-device', 'billed-elsewhere', 'other']) expect(page).toContain(`<input type="radio" name="reason" value="${code}" required>`);
    for (const form of ['', '&reason=unsure', '&reason=other', '&reason=other&reasonText=%20%20']) {
      const res = await confirm(url, form);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Nothing was changed.');
    }
    expect(await getProposal(table, p.id)).toMatchObject({ status: 'PENDING', rejectReason: null });
    expect((await ledgerOf(p)).status).toBe('proposed');
    expect(await listSuppressions(table)).toEqual([]);
    expect(await listAudit(table, '2026-03')).toEqual([]);
  });

  it('a reason is kept on the proposal and in the audit, writes the line off, and writes nothing to the PSA', async () => {
    const { p, link } = await setup();
    const res = await confirm(link('reject'), '&reason=other&reasonText=%3Cb%3Eloaner%3C%2Fb%3E%20kit');
    const body = await res.text();
    expect(body).toContain('<h1>Rejected</h1>');
    expect(body).toContain('Other: &lt;b&gt;loaner&lt;/b&gt; kit');
    const reason = { code: 'other', text: '<b>loaner</b> kit' };
    expect(await getProposal(table, p.id)).toMatchObject({ status: 'REJECTED', rejectReason: reason, outcome: 'rejected (Other: <b>loaner</b> kit): nothing written; written off until revoked from the digest' });
    expect((await ledgerOf(p)).status).toBe('suppressed');
    expect(await getSuppression(table, `${p.clientKey}#${p.lineKey}`)).toMatchObject({ reason, delta: 5, monthlyImpactCents: 22_500, rejectedBy: FINANCE, proposalId: p.id });
    expect(cw.log).toEqual([]);
    expect((await listAudit(table, '2026-03'))[0]).toMatchObject({ action: 'rejected', actor: FINANCE, detail: { rejectReason: 'other', rejectReasonLabel: 'Other', rejectReasonText: '<b>loaner</b> kit' } });
  });

  it('a batch rejection asks once and writes off every line of the client', async () => {
    const first = proposal();
    const { link } = await setup({}, first);
    const second = proposal({ id: 'p-northwind-srv', lineKey: 'managed-server', product: 'Managed Server', lineExternalId: '1002', writeBack: { agreementId: 101, additionId: 1002 }, expectedQuantity: 3, proposedQuantity: 4, observedTotal: 4 });
    await createProposal(table, second);
    await saveLedgerEntries(table, [entry({ status: 'proposed', proposalId: second.id, lineKey: second.lineKey })], null);
    await recordMailSent(table, 'finance', FINANCE, '2026-03-01', { proposals: [first.id, second.id] });
    const url = link('reject', { clientKey: 'cw:250', runDate: '2026-03-01', recipient: FINANCE });
    const page = await (await fetch(url)).text();
    expect(page.match(/name="reason"/g)).toHaveLength(5);
    expect(page).toContain('Why are these not billable?');
    await confirm(url, '&reason=billed-elsewhere');
    expect((await listSuppressions(table)).map((r) => [r.lineKey, r.reason.code]).sort()).toEqual([
      ['managed-server', 'billed-elsewhere'],
      ['managed-workstation', 'billed-elsewhere'],
    ]);
  });

  it('a rejection of a proposal a newer night replaced is recorded but writes nothing off', async () => {
    const { p, link } = await setup();
    await saveLedgerEntries(table, [entry({ status: 'proposed', proposalId: 'p-newer' })], null);
    await confirm(link('reject'), '&reason=flat-fee');
    expect(await getProposal(table, p.id)).toMatchObject({ status: 'REJECTED', outcome: 'rejected (Included in a flat fee): nothing written; the finding changed since, so nothing is written off' });
    expect(await listSuppressions(table)).toEqual([]);
  });
});

describe('revoke links', () => {
  const OWNER = 'owner@contoso-it.example';

  async function rejected() {
    const { p, link } = await setup();
    await confirm(link('reject'), '&reason=test-device');
    const rule = (await getSuppression(table, `${p.clientKey}#${p.lineKey}`))!;
    return { p, rule, revoke: link('revoke', { ruleKey: `${p.clientKey}#${p.lineKey}`, rejectedAt: rule.rejectedAt, recipient: OWNER }), link };
  }

  it('GET and HEAD show the write-off and change nothing; the confirmed POST revokes once and audits it', async () => {
    const { rule, revoke } = await rejected();
    const page = await (await fetch(revoke)).text();
    expect(page).toContain('<h1>Revoke this write-off?</h1>');
    expect(page).toContain('Test or duplicate device');
    expect((await fetch(revoke, { method: 'HEAD' })).status).toBe(200);
    const key = `${rule.clientKey}#${rule.lineKey}`;
    expect((await getSuppression(table, key))!.revokedAt).toBeUndefined();
    expect(await (await confirm(revoke)).text()).toContain('<h1>Write-off revoked</h1>');
    expect(await getSuppression(table, key)).toMatchObject({ revokedBy: OWNER, revokedAt: NOW.toISOString() });
    const again = await (await confirm(revoke)).text();
    expect(again).toContain('<h1>Already revoked</h1>');
    const audit = (await listAudit(table, '2026-03')).filter((a) => a.action === 'revoked write-off');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: OWNER, detail: { clientName: 'Northwind Traders', rejectReason: 'test-device', via: 'revoke link' } });
  });

  it('a bare POST is not a revoke, and a link for an older rejection cannot end a newer rule', async () => {
    const { rule, link } = await rejected();
    const key = `${rule.clientKey}#${rule.lineKey}`;
    const old = link('revoke', { ruleKey: key, rejectedAt: '2026-02-01T10:00:00.000Z', recipient: OWNER });
    const bare = await fetch(link('revoke', { ruleKey: key, rejectedAt: rule.rejectedAt, recipient: OWNER }), { method: 'POST' });
    expect(bare.status).toBe(400);
    const res = await confirm(old);
    expect(res.status).toBe(404);
    expect((await getSuppression(table, key))!.revokedAt).toBeUndefined();
    expect((await listAudit(table, '2026-03')).filter((a) => a.action === 'revoked write-off')).toEqual([]);
  });
});

describe('client batch links', () => {
  it('approve all decides every proposal of that client and night, and shows only those', async () => {
    const first = proposal({ writeBack: { agreementId: 101, additionId: 1001 } });
    const { link } = await setup({}, first);
    const second = proposal({ id: 'p-northwind-srv', lineKey: 'managed-server', product: 'Managed Server', lineExternalId: '1002', writeBack: { agreementId: 101, additionId: 1002 }, expectedQuantity: 3, proposedQuantity: 4, observedTotal: 4, unitPriceCents: 15000, monthlyImpactCents: 15000 });
    const otherClient = proposal({ id: 'p-contoso', clientKey: 'cw:251', clientName: 'Contoso Dental', lineKey: 'managed-workstation', writeBack: { agreementId: 103, additionId: 1005 }, expectedQuantity: 12, proposedQuantity: 14 });
    const otherNight = proposal({ id: 'p-older', createdOn: '2026-02-28', lineKey: 'other', product: 'Cloud Backup' });
    for (const p of [second, otherClient, otherNight]) {
      await createProposal(table, p);
    }
    await saveLedgerEntries(table, [
      entry({ status: 'proposed', proposalId: second.id, lineKey: second.lineKey }),
      entry({ status: 'proposed', proposalId: otherClient.id, clientKey: 'cw:251', lineKey: 'managed-workstation' }),
    ], null);
    await recordMailSent(table, 'finance', FINANCE, '2026-03-01', { proposals: [first.id, second.id, otherClient.id] });
    const url = link('approve', { clientKey: 'cw:250', runDate: '2026-03-01', recipient: FINANCE });

    const page = await (await fetch(url)).text();
    expect(page).toContain('<h1>Approve these 2 changes?</h1>');
    expect(page).not.toContain('Contoso Dental');
    expect(page).not.toContain('Cloud Backup');

    const body = await (await confirm(url)).text();
    expect(body).toContain('2 changes decided');
    expect(addition().quantity).toBe(47);
    expect(cw.state.additions.get(101)!.find((a) => a.id === 1002)!.quantity).toBe(4);
    expect(await getProposal(table, otherClient.id)).toMatchObject({ status: 'PENDING' });
    expect(await getProposal(table, otherNight.id)).toMatchObject({ status: 'PENDING' });
    const audit = await listAudit(table, '2026-03');
    expect(audit.map((a) => a.proposalId).sort()).toEqual([first.id, second.id].sort());
    expect(audit.every((a) => a.detail.via === 'client batch link')).toBe(true);
  });

  it('never decides a proposal of that client and night that its email did not list', async () => {
    const listed = proposal({ writeBack: { agreementId: 101, additionId: 1001 } });
    const { link } = await setup({}, listed);
    // Made later the same night (a re-run after a failed write-back), after the email went out.
    const later = proposal({ id: 'p-northwind-srv', lineKey: 'managed-server', product: 'Managed Server', lineExternalId: '1002', writeBack: { agreementId: 101, additionId: 1002 }, expectedQuantity: 3, proposedQuantity: 4 });
    await createProposal(table, later);
    await recordMailSent(table, 'finance', FINANCE, '2026-03-01#part-1-of-2', { proposals: [listed.id] });
    const url = link('approve', { clientKey: 'cw:250', runDate: '2026-03-01', recipient: FINANCE });

    expect(await (await fetch(url)).text()).not.toContain('Managed Server');
    expect(await (await confirm(url)).text()).toContain('Approved and written to the PSA');
    expect(await getProposal(table, later.id)).toMatchObject({ status: 'PENDING' });
    expect(cw.state.additions.get(101)!.find((a) => a.id === 1002)!.quantity).toBe(3);
  });
});

describe('suggested client match links', () => {
  const OWNER = 'owner@contoso-it.example';
  const pair = { memberKey: 'ninja:78', memberName: 'Litware Acounting', memberSourceId: 'ninja', psaKey: 'cw:260', psaName: 'Litware Accounting', psaSourceId: 'cw', score: 0.874, reason: "names are alike (score 0.87) after reading 'acounting' as 'accounting'", suggestedOn: '2026-03-01' };

  async function matchSetup() {
    const { link } = await setup();
    await recordSuggestions(table, [pair], pair.suggestedOn);
    return (answer: 'same' | 'not-same', target: ApprovalTarget = { memberKey: pair.memberKey, psaKey: pair.psaKey, recipient: OWNER }) => link(answer, target);
  }

  it('GET and HEAD show both names and the evidence, and change nothing', async () => {
    const link = await matchSetup();
    const res = await fetch(link('not-same'));
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(body).toContain('<h1>Keep these apart?</h1>');
    expect(body).toContain('Litware Acounting (ninja:78)');
    expect(body).toContain('Litware Accounting (cw:260, cw)');
    expect(body).toContain('reading &#39;acounting&#39; as &#39;accounting&#39;');
    expect((await fetch(link('same'), { method: 'HEAD' })).status).toBe(200);
    expect(await getPair(table, pair.memberKey, pair.psaKey)).toMatchObject({ status: 'suggested' });
    expect(await listAudit(table, '2026-03')).toEqual([]);
  });

  it('a bare POST is not an answer; the confirmed one is stored once and audited', async () => {
    const link = await matchSetup();
    const bare = await fetch(link('not-same'), { method: 'POST' });
    expect(bare.status).toBe(400);
    expect(await getPair(table, pair.memberKey, pair.psaKey)).toMatchObject({ status: 'suggested' });

    expect(await (await confirm(link('not-same'))).text()).toContain('Kept apart: not the same client');
    // The other answer, later, changes nothing: the first one stands.
    expect(await (await confirm(link('same'))).text()).toContain('answered already');
    expect(await getPair(table, pair.memberKey, pair.psaKey)).toMatchObject({ status: 'not-same', decidedBy: OWNER, decidedAt: NOW.toISOString() });
    const audit = await listAudit(table, '2026-03');
    expect(audit).toMatchObject([{ action: 'kept apart', actor: OWNER, detail: { memberKey: 'ninja:78', psaKey: 'cw:260', via: 'match link' } }]);
    expect(audit[0]!.from).toContain('vitest-browser');
  });

  it('says so, and changes nothing, when the pair is not on record', async () => {
    const link = await matchSetup();
    const res = await confirm(link('same', { memberKey: 'ninja:99', psaKey: 'cw:260', recipient: OWNER }));
    expect(res.status).toBe(404);
    expect(await listAudit(table, '2026-03')).toEqual([]);
  });
});
