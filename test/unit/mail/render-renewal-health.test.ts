import { describe, expect, it } from 'vitest';
import { StoredRenewalModel } from '../../../shared/app/renewal-model';
import { renewalsMessage } from '../../../shared/alerts/renewals';
import { renderRenewalAlert } from '../../../shared/mail/render-renewal';
import { renewalModel } from '../../support/mail-models';
import { qbrPack } from '../../support/qbr';

const score = qbrPack().health!;
const withHealth = () =>
  renewalModel({
    alert: { ...renewalModel().alert, daysLeft: 170, earlyFor: 'red' },
    risk: { level: 'high', churn: [{ kind: 'health', colour: 'red', score: 30 }, { kind: 'weak-component', key: 'overdueInvoices', score: 50, facts: { overdue: 1, overdueCents: 100_000, oldestDays: 30 } }], expansion: [] },
    health: { score, trend: [{ runDate: '2026-11-01', score: 72, colour: 'green' }, { runDate: '2026-11-23', score: score.score, colour: score.colour }] },
    qbr: { clientKey: 'cw:250', runDate: '2026-11-23' },
    qbrUrl: 'https://approvals.example/approval/abc.def',
  });

describe('the renewal alert with client health', () => {
  it('shows the score, each part with what it measured, the parts not scored, and the trend', () => {
    const { html, text } = renderRenewalAlert(withHealth());
    expect(text).toContain(`Health ${score.score}/100`);
    expect(text).toContain('Overdue invoices: 50/100');
    expect(text).toContain('1 invoice overdue, $1,000 owed; the oldest 30 days past due.');
    expect(text).toContain('Seat trend: not scored: fewer than 14 days of nightly counts so far.');
    expect(text).toContain('Score per night:');
    expect(html).toContain('What makes up the score');
    expect(html).toContain('Health score per night');
  });

  it('says why it came early, keeps churn apart from opportunities, and links the QBR pack', () => {
    const { html, text } = renderRenewalAlert({ ...withHealth(), opportunities: [{ kind: 'aging-hardware', title: '4 workstations past 5 years', detail: '', monthlyCents: null }], marginCents: 12_300 });
    expect(text).toContain('earlier than the usual window, because the client\u2019s health is red');
    expect(text).toContain('Client health is red (30/100).');
    const churn = text.slice(text.indexOf('Churn signals'), text.indexOf('Expansion opportunities'));
    const expansion = text.slice(text.indexOf('Expansion opportunities'), text.indexOf('What to do next'));
    expect(churn).toContain('Overdue invoices (50/100)');
    expect(churn).not.toContain('4 workstations');
    expect(expansion).toContain('4 workstations past 5 years');
    expect(text).toContain('Margin: $123/month.');
    expect(text).toContain('The QBR pack (read-only, printable): https://approvals.example/approval/abc.def');
    expect(html).toContain('href="https://approvals.example/approval/abc.def"');
    expect(text).toContain('Settle the overdue invoices');
  });

  it('renders as before when health, margin and opportunities are absent', () => {
    const { text } = renderRenewalAlert(renewalModel());
    expect(text).not.toContain('Client health');
    expect(text).not.toContain('Margin');
    expect(text).not.toContain('QBR');
  });

  it('survives the store: the model with health parses back whole, and chat posts phrase the health signals', () => {
    const model = withHealth();
    expect(StoredRenewalModel.parse(JSON.parse(JSON.stringify(model)))).toEqual(model);
    expect(renewalsMessage([model]).items[0]!.text).toContain('Client health is red (30/100).');
  });
});
