import { describe, expect, it } from 'vitest';
import { SourceConfig } from '../../../shared/config/schema';
import { laborWebLinks, webLinksFor } from '../../../shared/connectors/web-links';
import { reconcile } from '../../../shared/domain/reconcile';
import { RECIPES, RUN_DATE, agreement, client, device, fresh, subscription } from '../../support/snapshots';

const env = (name: string) => ({ env: name });
const sources = [
  { id: 'cw', kind: 'connectwise', baseUrl: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0', webUrl: 'https://na.myconnectwise.net/v4_6_release/', companyId: 'x', publicKey: env('A'), privateKey: env('B'), clientId: env('C') },
  { id: 'halo', kind: 'halopsa', baseUrl: 'https://yourco.halopsa.com/api', authUrl: 'https://yourco.halopsa.com/auth', webUrl: 'https://yourco.halopsa.com', clientId: env('A'), clientSecret: env('B') },
  { id: 'syncro', kind: 'syncro', baseUrl: 'https://yourco.syncromsp.com/api/v1', webUrl: 'https://yourco.syncromsp.com', apiKey: env('A') },
  { id: 'ninja', kind: 'ninjaone', baseUrl: 'https://app.ninjarmm.com', webUrl: 'https://app.ninjarmm.com', clientId: env('A'), clientSecret: env('B') },
  { id: 'datto', kind: 'dattormm', baseUrl: 'https://merlot-api.centrastage.net/api', webUrl: 'https://merlot.centrastage.net', apiKey: env('A'), apiSecret: env('B') },
  { id: 'pax8', kind: 'pax8', webUrl: 'https://app.pax8.com', clientId: env('A'), clientSecret: env('B') },
  { id: 'at', kind: 'autotask', username: env('A'), secret: env('B'), integrationCode: env('C') },
  { id: 'at-web', kind: 'autotask', webUrl: 'https://ww5.autotask.net', username: env('A'), secret: env('B'), integrationCode: env('C') },
].map((s) => SourceConfig.parse(s));
const links = webLinksFor(sources);

describe('links into the vendors\u2019 web apps', () => {
  it('builds each vendor\u2019s agreement and client page from its webUrl', () => {
    expect(links.agreement('cw', '101')).toBe('https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=AgreementFV&recid=101');
    expect(links.agreement('halo', '12')).toBe('https://yourco.halopsa.com/contracts?id=12');
    expect(links.agreement('halo', 'recurring-invoice-9')).toBe('https://yourco.halopsa.com/recurringinvoices?id=9');
    expect(links.agreement('syncro', 'schedule-4')).toBe('https://yourco.syncromsp.com/schedules/4');
    expect(links.client('ninja', '7')).toBe('https://app.ninjarmm.com/#/customerDashboard/7/overview');
    expect(links.client('pax8', 'a b')).toBe('https://app.pax8.com/companies/a%20b');
  });

  it('gives no link without a webUrl or a known pattern, rather than a guess', () => {
    expect(links.agreement('at', '5')).toBeUndefined();
    expect(links.client('datto', '3')).toBeUndefined();
    expect(links.agreement('ninja', '7')).toBeUndefined();
    expect(links.client('no-such-source', '7')).toBeUndefined();
  });

  it('opens a labor finding\u2019s ticket in every PSA, a time entry where it has a page, else the entry\u2019s ticket', () => {
    const labor = laborWebLinks(sources);
    const ticket = (sourceId: string) => labor.subject(sourceId, { type: 'ticket', externalId: '42' });
    expect(ticket('cw')).toBe('https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=ServiceFV&recid=42');
    expect(ticket('at-web')).toBe('https://ww5.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=42');
    expect(ticket('halo')).toBe('https://yourco.halopsa.com/tickets?id=42');
    expect(ticket('syncro')).toBe('https://yourco.syncromsp.com/tickets/42');
    expect(labor.subject('cw', { type: 'entry', externalId: '7', ticketExternalId: '42' })).toBe('https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=TimeEntryFV&recid=7');
    // Autotask, HaloPSA and Syncro give time no page of its own: its ticket, or nothing when the entry is on none.
    expect(['at-web', 'halo', 'syncro'].map((id) => labor.timeEntry(id, '7'))).toEqual([undefined, undefined, undefined]);
    expect(labor.subject('halo', { type: 'entry', externalId: '7', ticketExternalId: '42' })).toBe('https://yourco.halopsa.com/tickets?id=42');
    expect(labor.subject('syncro', { type: 'entry', externalId: '7' })).toBeUndefined();
    expect(labor.subject('at', { type: 'ticket', externalId: '42' })).toBeUndefined();
    expect(labor.subject('at-web', { type: 'agreement-period', externalId: '9' })).toBe('https://ww5.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenContract&ContractID=9');
  });

  it('puts the links on the finding: the agreement on its line, the RMM organization and the Pax8 company on their evidence', () => {
    const { findings } = reconcile({
      runDate: RUN_DATE,
      sources: [
        fresh({ sourceId: 'cw', kind: 'connectwise', role: 'psa', clients: [client('250', 'Northwind Traders')], agreements: [agreement('A1', '250', [{ id: 'L1', product: 'Managed Workstation', quantity: 1 }])] }),
        fresh({ sourceId: 'ninja', kind: 'ninjaone', role: 'rmm', clients: [client('7', 'Northwind Traders')], devices: [device('d1', '7'), device('d2', '7')] }),
        fresh({ sourceId: 'pax8', kind: 'pax8', role: 'marketplace', clients: [client('p1', 'Northwind Traders')], subscriptions: [subscription('s1', 'p1', 'Microsoft 365 Business Premium', 3)] }),
      ],
      recipes: RECIPES,
      matching: { overrides: [], ignore: [] },
      decisions: [],
      toleranceUnits: 0,
      timeZone: 'UTC',
      links,
    });
    const ws = findings.find((f) => f.lineKey === 'managed-workstation')!;
    expect(ws.line?.agreementUrl).toBe('https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=AgreementFV&recid=A1');
    expect(ws.evidence[0]!.url).toBe('https://app.ninjarmm.com/#/customerDashboard/7/overview');
    const m365 = findings.find((f) => f.lineKey === 'm365-business-premium')!;
    expect(m365.evidence[0]!.url).toBe('https://app.pax8.com/companies/p1');
  });
});
