import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApprovalServer } from '../../../local/approval-server';
import { buildAppContext, useAppContext, type AppContext } from '../../../shared/app/context';
import { notifyNight } from '../../../shared/app/notify';
import { reconcileNight } from '../../../shared/app/reconcile-night';
import { StoredRenewalModel } from '../../../shared/app/renewal-model';
import { addDays } from '../../../shared/domain/dates';
import type { RenderedEmail } from '../../../shared/mail/models';
import { getQbrPack, listHealthHistory } from '../../../shared/store/health';
import { getRenewalAlerts } from '../../../shared/store/records';
import { putManifest, putSnapshot } from '../../../shared/store/snapshots';
import type { Table } from '../../../shared/store/table';
import { APPROVAL_ENV, approvalConfig } from '../../support/approval-config';
import { startDynamo, type EmbeddedDynamo } from '../../support/dynamo';
import { agreement, client, invoice, RUN_DATE, ticket } from '../../support/snapshots';

/**
 * One night on planted PSA work: a red client (a surge of tickets missing their SLA, invoices
 * long overdue, new) and green ones. The night scores them, alerts the red client's renewal at
 * 170 days (the green one's waits), stores the packs, and the alert's QBR link opens the pack
 * read-only through the approval endpoint.
 */

let dynamo: EmbeddedDynamo;
let server: { url: string; close(): Promise<void> };
let table: Table;
let ctx: AppContext;
const sent: Array<{ to: string[]; email: RenderedEmail }> = [];
const END = addDays(RUN_DATE, 170);

function work() {
  const surge = Array.from({ length: 12 }, (_, i) => ticket(`r${i}`, '1', 1 + i * 2, { slaBreached: i < 6, reopened: i < 3 }));
  const before = Array.from({ length: 3 }, (_, i) => ticket(`rb${i}`, '1', 40 + i * 20));
  const calm = (id: string) => [ticket(`${id}a`, id, 5), ...Array.from({ length: 3 }, (_, i) => ticket(`${id}b${i}`, id, 35 + i * 25))];
  return {
    tickets: [...surge, ...before, ...calm('2'), ...calm('3'), ticket('old', '3', 200, { closed: true, closedAt: `${addDays(RUN_DATE, -190)}T10:00:00.000Z` })],
    invoices: [invoice('ri1', '1', 100, 250_000, null), invoice('ri2', '1', 200, 250_000, 80), invoice('gi1', '2', 60, 100_000, 20), invoice('gi2', '3', 60, 100_000, 15)],
    timeEntries: [],
    coverage: [],
  };
}

beforeAll(async () => {
  dynamo = await startDynamo();
  server = await startApprovalServer();
  table = await dynamo.freshTable();
  const config = approvalConfig({ approvals: { baseUrl: server.url, signingKey: { env: 'TRUEUP_SIGNING_KEY' } }, storage: { tableName: table.name, endpoint: dynamo.endpoint } });
  ctx = {
    ...buildAppContext(config, { env: APPROVAL_ENV, now: () => new Date(`${RUN_DATE}T12:00:00.000Z`), events: { publish: async () => {} } }),
    mailer: { send: async (to, email) => (sent.push({ to, email }), `m${sent.length}`) },
  };
  useAppContext(ctx);
  await putSnapshot(table, {
    sourceId: 'cw', kind: 'connectwise', role: 'psa', runDate: RUN_DATE, fetchedAt: `${RUN_DATE}T02:00:00.000Z`,
    clients: [client('1', 'Redwood Dental'), client('2', 'Greenfield Law'), client('3', 'Grove Accounting')],
    agreements: [
      agreement('A1', '1', [{ id: 'L1', product: 'Managed Workstation', quantity: 10, price: 4500 }], { startDate: '2026-06-01', endDate: END }),
      agreement('A2', '2', [{ id: 'L2', product: 'Managed Workstation', quantity: 10, price: 4500 }], { startDate: '2020-01-01', endDate: END }),
      agreement('A3', '3', [], { startDate: '2019-01-01', endDate: addDays(RUN_DATE, 400) }),
    ],
    devices: [], subscriptions: [], quarantined: [], warnings: [],
    work: work(),
  });
  await putManifest(table, RUN_DATE, { sourceId: 'cw', kind: 'connectwise', role: 'psa', state: 'stored', at: `${RUN_DATE}T02:00:00.000Z` });
});
afterAll(async () => {
  useAppContext(undefined);
  await server.close();
  await dynamo.close();
});

describe('a night with client health', () => {
  it('scores every client, alerts the red one early, keeps the scores and the packs, and links the pack read-only', async () => {
    const outcome = await reconcileNight(ctx, RUN_DATE, { deadline: false });
    if (outcome.state !== 'done') throw new Error(`night not reconciled: ${outcome.state}`);
    const { report } = outcome;
    expect(report.health).toEqual({ green: 2, yellow: 0, red: 1, unknown: 0 });
    expect(report.qbrPacks).toBe(3);
    expect(report.renewals.map((r) => [r.clientName, r.daysLeft, r.earlyFor, r.risk.level])).toEqual([['Redwood Dental', 170, 'red', 'high']]);

    const [history] = [await listHealthHistory(table, 'cw:1', addDays(RUN_DATE, -1))];
    expect(history).toEqual([{ runDate: RUN_DATE, score: expect.any(Number), colour: 'red' }]);
    const pack = await getQbrPack(table, 'cw:1');
    expect(pack).toMatchObject({ clientName: 'Redwood Dental', runDate: RUN_DATE, mrrCents: 45_000, renewal: { endDate: END, daysLeft: 170 }, health: { colour: 'red' } });
    // No RMM or Pax8 in this config: ticket volume per seat has nothing to divide by, and says so.
    expect(pack!.health!.components.find((c) => c.key === 'ticketVolume')!.missing).toMatch(/no seats or devices/);

    const [stored] = await getRenewalAlerts(table, [{ agreementKey: 'cw:A1', endDate: END }]);
    const model = StoredRenewalModel.parse(stored!.model);
    expect(model.health!.score.colour).toBe('red');
    expect(model.qbr).toEqual({ clientKey: 'cw:1', runDate: RUN_DATE });

    expect((await notifyNight(ctx, RUN_DATE)).renewalAlerts).toBe(1);
    const link = /The QBR pack \(read-only, printable\): (\S+)/.exec(sent[0]!.email.text)?.[1];
    expect(link).toMatch(new RegExp(`^${server.url}/approval/`));

    const first = await fetch(link!);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toMatch(/style-src 'sha256-/);
    const page = await first.text();
    expect(page).toContain('<h1>Redwood Dental</h1>');
    expect(page).toContain('Health and its drivers');
    // Opening it again shows the same page; a POST is refused and changes nothing.
    expect(await (await fetch(link!)).text()).toBe(page);
    const post = await fetch(link!, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
    expect(post.status).toBe(405);
    expect(await post.text()).toContain('Nothing was changed');
    expect(await getQbrPack(table, 'cw:1', RUN_DATE)).toEqual(pack);
  });

  it('refuses a forged or expired QBR link with a plain message', async () => {
    const link = /The QBR pack \(read-only, printable\): (\S+)/.exec(sent[0]!.email.text)![1]!;
    const [payload, signature] = link.slice(link.lastIndexOf('/') + 1).split('.');
    const forged = `${server.url}/approval/${Buffer.from(Buffer.from(payload!, 'base64url').toString().replace('cw:1', 'cw:2')).toString('base64url')}.${signature}`;
    const refused = await fetch(forged);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('This link has been altered');

    useAppContext({ ...ctx, now: () => new Date(`${addDays(RUN_DATE, ctx.config.qbr.linkTtlDays + 1)}T12:00:00.000Z`) });
    try {
      const expired = await fetch(link);
      expect(expired.status).toBe(410);
      expect(await expired.text()).toContain('This QBR pack link has expired');
    } finally {
      useAppContext(ctx);
    }
  });
});
