import { describe, expect, it } from 'vitest';
import { laborConfirmPage, type LaborPageContext } from '../../../shared/approvals/labor-pages';
import type { LaborLedgerEntry } from '../../../shared/domain/labor/ledger';
import { LABOR_KINDS, LABOR_KIND_TRAITS } from '../../../shared/domain/labor/model';

const entry = (kind: LaborLedgerEntry['kind']): LaborLedgerEntry => ({
  key: `${kind}:syncro:73001`,
  kind,
  sourceId: 'syncro',
  clientKey: 'syncro:1000004',
  clientName: 'Wingtip Legal',
  subject: { type: 'entry', externalId: '73001', label: 'time entry 73001 on ticket 73009', ticketExternalId: '73009' },
  hours: 2.5,
  amountCents: 31_250,
  date: '2026-10-13',
  why: 'billable Remote Support from 2026-10-13, before the cycle that closed on 2026-11-01, on no invoice',
  entries: [{ externalId: '73001', date: '2026-10-13', hours: 2.5, workType: 'Remote Support', worker: 'user 1', billable: 'billable', invoiced: false, rateCents: 12_500, rateBasis: 'default', amountCents: 31_250, writeBack: { timerId: 73001 } }],
  status: 'open',
  firstSeen: '2026-11-23',
  lastSeen: '2026-11-23',
  resolvedOn: null,
  recoveredCents: 0,
  decision: null,
});
const ctx = (subject?: string): LaborPageContext => ({ currency: 'USD', timeZone: 'America/Chicago', links: { ...(subject ? { subject } : {}), entries: new Map() } });
const linkOnly = LABOR_KINDS.filter((k) => LABOR_KIND_TRAITS[k].billIt === 'link-only');

describe('the labor "Bill it" page', () => {
  it('says why a link-only kind cannot be billed through the API, links the record in the PSA, and offers no form', () => {
    expect(linkOnly).toEqual(['unbilled-time', 'block-overage']);
    for (const kind of linkOnly) {
      const { status, body } = laborConfirmPage('bill', entry(kind), ctx('https://yourco.syncromsp.com/tickets/73009'));
      expect(status).toBe(200);
      expect(body).toContain('<h1>Bill it in the PSA</h1>');
      expect(body).toContain(LABOR_KIND_TRAITS[kind].linkOnlyWhy);
      expect(body).toContain('<a href="https://yourco.syncromsp.com/tickets/73009">time entry 73001 on ticket 73009</a>');
      expect(body).not.toContain('<form');
    }
  });

  it('names the record without a link when the PSA has no page for it, rather than a guessed one', () => {
    const { body } = laborConfirmPage('bill', entry('unbilled-time'), ctx());
    expect(body).toContain('<dd>time entry 73001 on ticket 73009 in syncro</dd>');
    expect(body).not.toContain('<a href=');
  });

  it('asks to confirm a kind Trueup can bill, with the record linked', () => {
    const { body } = laborConfirmPage('bill', entry('closed-unbilled'), ctx('https://yourco.syncromsp.com/tickets/73009'));
    expect(body).toContain('Confirm: bill it');
    expect(body).toContain('href="https://yourco.syncromsp.com/tickets/73009"');
  });
});
