import type { LedgerEntry } from '../../shared/domain/ledger';
import type { Proposal } from '../../shared/domain/trueups';
import type { DigestModel, FinanceBatchModel, MspInfo, RenewalAlertModel } from '../../shared/mail/models';

/** Small literal models for the renderer tests: a fresh copy per call, so a test may change one. */

export const MSP: MspInfo = { name: 'Contoso Managed IT', currency: 'USD', timeZone: 'America/Chicago' };

export function entry(over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    clientKey: 'cw:250',
    clientName: 'Northwind Traders',
    lineKey: 'managed-workstation',
    kind: 'under-billed',
    basis: 'rmm',
    sourceId: 'cw',
    product: 'Managed Workstation',
    billed: 42,
    observed: 47,
    delta: 5,
    unitPriceCents: 4500,
    monthlyImpactCents: 22_500,
    evidence: [{ sourceId: 'ninja', ids: ['101', '102', '103', '104', '105'], rule: '47 devices: WINDOWS_WORKSTATION, MAC; approved; seen in 30 days' }],
    line: { sourceId: 'cw', agreementExternalId: '101', agreementName: 'Northwind Managed Services', lineExternalId: '1001', quantity: 42, writeBack: { agreementId: 101, additionId: 1001 } },
    committedUntil: null,
    status: 'open',
    firstSeen: '2026-02-02',
    lastSeen: '2026-03-01',
    accruedCents: 20_700,
    accruedThrough: '2026-03-01',
    resolvedOn: null,
    recoveredCents: 0,
    proposalId: null,
    ...over,
  };
}

export function digestModel(over: Partial<DigestModel> = {}): DigestModel {
  const open = [
    entry(),
    entry({ clientKey: 'cw:251', clientName: 'Contoso Dental', lineKey: 'm365-bp', product: 'Microsoft 365 Business Premium', basis: 'marketplace', billed: 20, observed: 24, delta: 4, unitPriceCents: 2200, monthlyImpactCents: 8800, firstSeen: '2026-02-26', accruedCents: 1200 }),
    entry({ clientKey: 'cw:252', clientName: 'Fabrikam', lineKey: 'managed-server', product: 'Managed Server', kind: 'over-billed', billed: 5, observed: 3, delta: -2, unitPriceCents: 15000, monthlyImpactCents: -30_000, firstSeen: '2025-11-01', accruedCents: -120_000 }),
    entry({ clientKey: 'cw:251', clientName: 'Contoso Dental', lineKey: 'product:teams-ess', product: 'Microsoft Teams Essentials', kind: 'unmapped', basis: 'marketplace', sourceId: 'pax8', billed: 0, observed: 12, delta: 12, unitPriceCents: 0, monthlyImpactCents: 0, line: null, accruedCents: 0 }),
    entry({ clientKey: 'ninja:77', clientName: 'Orphan Org', lineKey: 'org', product: 'RMM organization', kind: 'unmapped', sourceId: 'ninja', billed: 0, observed: 6, delta: 6, unitPriceCents: 0, monthlyImpactCents: 0, line: null, accruedCents: 0 }),
  ];
  return {
    msp: MSP,
    weekOf: '2026-03-02',
    runDate: '2026-03-01',
    totals: { unbilledCents: 31_300, overbilledCents: 30_000, openFindings: 5 },
    previousTotals: { unbilledCents: 22_500, overbilledCents: 30_000, openFindings: 3 },
    trend: [
      { weekOf: '2026-02-09', unbilledCents: 18_000 },
      { weekOf: '2026-02-16', unbilledCents: 22_500 },
      { weekOf: '2026-02-23', unbilledCents: 22_500 },
      { weekOf: '2026-03-02', unbilledCents: 31_300 },
    ],
    open,
    newThisWeek: [open[1]!],
    recovered: { thisWeekCents: 4500, entries: [entry({ clientKey: 'cw:253', clientName: 'Tailspin Toys', status: 'resolved', resolvedOn: '2026-02-28', recoveredCents: 4500 })] },
    sources: [
      { sourceId: 'cw', kind: 'connectwise', state: 'fresh', lastSuccess: '2026-03-01', detail: null, quarantined: 1 },
      { sourceId: 'ninja', kind: 'ninjaone', state: 'fresh', lastSuccess: '2026-03-01', detail: null, quarantined: 0 },
      { sourceId: 'pax8', kind: 'pax8', state: 'fresh', lastSuccess: '2026-03-01', detail: null, quarantined: 0 },
    ],
    decisions: [{ at: '2026-02-27T15:04:00.000Z', action: 'approve', actor: 'billing@contoso-it.example', clientName: 'Tailspin Toys', product: 'Managed Workstation', outcome: 'applied: 10 -> 11' }],
    approvalsUrl: 'https://approvals.contoso-it.example',
    dataQuality: null,
    writtenOff: [],
    suggestedMatches: [
      {
        memberKey: 'ninja:78',
        memberName: 'Litware Acounting',
        memberSourceId: 'ninja',
        psaKey: 'cw:260',
        psaName: 'Litware Accounting',
        score: 0.874,
        reason: "names are alike (score 0.87) after reading 'acounting' as 'accounting'",
        links: { same: 'https://approvals.contoso-it.example/approval/same.sig', notSame: 'https://approvals.contoso-it.example/approval/notsame.sig' },
      },
    ],
    matchCandidates: { 'ninja:77': [{ psaName: 'Orphanage Trust', score: 0.55 }] },
    ...over,
  };
}

export function renewalModel(over: Partial<RenewalAlertModel> = {}): RenewalAlertModel {
  return {
    msp: MSP,
    alert: {
      agreementKey: 'cw:101',
      clientKey: 'cw:250',
      clientName: 'Northwind Traders',
      agreementName: 'Northwind Managed Services',
      endDate: '2026-06-30',
      daysLeft: 97,
      mrrCents: 485_000,
      vcioEmail: 'ann@msp.example',
    },
    risk: {
      level: 'high',
      churn: [
        { kind: 'shrinking', since: '2026-01-05', devicesPct: -12, seatsPct: -10 },
        { kind: 'over-billed', monthlyCents: 30_000, lines: 1 },
      ],
      expansion: [{ kind: 'unbilled', monthlyCents: 22_500, gaps: 1 }],
    },
    trend: [
      { runDate: '2026-01-05', devices: 50, seats: 40 },
      { runDate: '2026-02-02', devices: 47, seats: 38 },
      { runDate: '2026-03-01', devices: 44, seats: 36 },
    ],
    openLeakage: [entry()],
    overBilling: [entry({ lineKey: 'managed-server', product: 'Managed Server', kind: 'over-billed', billed: 5, observed: 3, delta: -2, unitPriceCents: 15000, monthlyImpactCents: -30_000 })],
    unmapped: [],
    commitments: [{ product: 'Microsoft 365 Business Premium', seats: 40, endDate: '2026-07-15' }],
    ...over,
  };
}

export function proposal(over: Partial<Proposal> = {}): Proposal {
  return {
    id: 'p-northwind-mw',
    createdOn: '2026-03-01',
    clientKey: 'cw:250',
    clientName: 'Northwind Traders',
    lineKey: 'managed-workstation',
    product: 'Managed Workstation',
    kind: 'under-billed',
    psaSourceId: 'cw',
    agreementName: 'Northwind Managed Services',
    agreementUrl: 'https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=AgreementFV&recid=101',
    lineExternalId: '1001',
    writeBack: { agreementId: 101, additionId: 1001 },
    expectedQuantity: 42,
    proposedQuantity: 47,
    observedTotal: 47,
    unitPriceCents: 4500,
    monthlyImpactCents: 22_500,
    evidence: [
      {
        sourceId: 'ninja',
        ids: ['101', '102', '103'],
        rule: '47 devices: WINDOWS_WORKSTATION, MAC; approved; seen in 30 days',
        items: [
          { id: '103', name: 'NW-LAPTOP-17', firstSeenOn: '2026-02-27', lastSeenAt: '2026-03-01T08:12:00Z' },
          { id: '101', name: 'NW-DESK-02', firstSeenOn: '2026-01-05', lastSeenAt: '2026-02-28T17:40:00Z' },
          { id: '102', name: 'NW-DESK-03', firstSeenOn: null, lastSeenAt: null },
        ],
        url: 'https://app.ninjarmm.com/#/customerDashboard/77/overview',
      },
    ],
    capNote: null,
    status: 'PENDING',
    decidedAt: null,
    decidedBy: null,
    outcome: null,
    rejectReason: null,
    ...over,
  };
}

export function financeModel(over: Partial<FinanceBatchModel> = {}): FinanceBatchModel {
  const a = proposal();
  const b = proposal({ id: 'p-northwind-srv', lineKey: 'managed-server', product: 'Managed Server', lineExternalId: '1002', expectedQuantity: 3, proposedQuantity: 4, observedTotal: 4, unitPriceCents: 15000, monthlyImpactCents: 15000 });
  const c = proposal({ id: 'p-contoso-m365', clientKey: 'cw:251', clientName: 'Contoso Dental', lineKey: 'm365-bp', product: 'Microsoft 365 Business Premium', kind: 'over-billed', lineExternalId: '2001', expectedQuantity: 24, proposedQuantity: 20, observedTotal: 20, unitPriceCents: 2200, monthlyImpactCents: -8800 });
  const url = (id: string, action: string) => `https://approvals.contoso-it.example/approval/${action}-${id}`;
  return {
    msp: MSP,
    runDate: '2026-03-01',
    shadowMode: false,
    proposals: [a, b, c].map((proposal) => ({ proposal, approveUrl: url(proposal.id, 'approve'), rejectUrl: url(proposal.id, 'reject') })),
    clients: [
      { clientKey: 'cw:250', clientName: 'Northwind Traders', approveAllUrl: url('cw250', 'approve-all'), rejectAllUrl: url('cw250', 'reject-all') },
      { clientKey: 'cw:251', clientName: 'Contoso Dental', approveAllUrl: url('cw251', 'approve-all'), rejectAllUrl: url('cw251', 'reject-all') },
    ],
    blocked: [{ entry: entry({ clientKey: 'cw:254', clientName: 'Woodgrove Bank', product: 'Microsoft 365 E3', kind: 'over-billed', billed: 30, observed: 25, delta: -5, monthlyImpactCents: -18_000, committedUntil: '2026-09-30' }), reason: 'committed (NCE) seats until 2026-09-30: a decrease is not proposed before then' }],
    ...over,
  };
}
