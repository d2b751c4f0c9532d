import { describe, expect, it } from 'vitest';
import { digestMessage } from '../../../shared/alerts/digest';
import type { AlertMessage } from '../../../shared/alerts/message';
import { renewalsMessage } from '../../../shared/alerts/renewals';
import { escapeMrkdwn, SLACK_LIMITS, slackPayload } from '../../../shared/alerts/slack';
import { TEAMS_MAX_BYTES, teamsPayload } from '../../../shared/alerts/teams';
import { renderDigest } from '../../../shared/mail/render-digest';
import { digestModel, entry, renewalModel } from '../../support/mail-models';

/** The rules each format's receiver enforces (shared/vendor-apis notes), checked on every payload built here. */

interface Block {
  type: string;
  text?: { type: string; text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<{ type: string; url?: string; text?: unknown }>;
  accessory?: { type: string; url: string; text: { text: string } };
}

function expectValidSlack(payload: unknown): { text: string; blocks: Block[] } {
  const p = payload as { text: string; blocks: Block[] };
  expect(p.text.trim().length).toBeGreaterThan(0);
  expect(p.blocks.length).toBeGreaterThan(0);
  expect(p.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const b of p.blocks) {
    if (b.type === 'header') {
      expect(b.text!.type).toBe('plain_text');
      expect(b.text!.text.length).toBeLessThanOrEqual(150);
    }
    if (b.type === 'section') {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
      expect(b.fields?.length ?? 0).toBeLessThanOrEqual(10);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
      if (b.accessory) expect(new URL(b.accessory.url).protocol).toBe('https:');
    }
    for (const e of b.elements ?? []) if (e.type === 'button') expect(new URL(e.url!).protocol).toBe('https:');
  }
  return p;
}

interface CardElement {
  type: string;
  actions?: Array<{ type: string; url?: string }>;
}

function expectValidTeams(payload: unknown): { body: CardElement[]; actions?: CardElement['actions'] } {
  const p = payload as { type: string; attachments: Array<{ contentType: string; content: { type: string; version: string; body: CardElement[]; actions?: CardElement['actions'] } }> };
  expect(p.type).toBe('message');
  expect(p.attachments).toHaveLength(1);
  const [a] = p.attachments;
  expect(a!.contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(a!.content.type).toBe('AdaptiveCard');
  expect(['1.2', '1.3', '1.4']).toContain(a!.content.version);
  expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThan(TEAMS_MAX_BYTES);
  const actions = [...(a!.content.actions ?? []), ...a!.content.body.flatMap((e) => e.actions ?? [])];
  for (const action of actions) {
    expect(action.type).toBe('Action.OpenUrl');
    expect(new URL(action.url!).protocol).toBe('https:');
  }
  return a!.content;
}

const withUrl = (i: number) =>
  renewalModel({
    alert: { ...renewalModel().alert, agreementKey: `cw:${i}`, clientName: `Client ${i} & <Sons>`, agreementUrl: `https://na.myconnectwise.net/agreements/${i}` },
  });

describe('chat alert payloads', () => {
  it('say a renewal alert as its email does, with the agreement link, in both formats', () => {
    const m = renewalsMessage([withUrl(1)]);
    expect(m.title).toBe('High renewal risk: Client 1 & <Sons>, agreement ends in 97 days');
    expect(m.items[0]!.text).toContain('Northwind Managed Services ends on Tue 30 Jun 2026 (97 days left): $4,850/month at stake.');
    const slack = expectValidSlack(slackPayload(m));
    expect(slack.text).toContain('Client 1 &amp; &lt;Sons&gt;');
    expect(slack.blocks.find((b) => b.type === 'section' && b.accessory)!.accessory!.url).toBe('https://na.myconnectwise.net/agreements/1');
    const card = expectValidTeams(teamsPayload(m));
    expect(JSON.stringify(card.body)).toContain('https://na.myconnectwise.net/agreements/1');
  });

  it('stay within every limit for a night of 200 alerts, saying how many were left out', () => {
    const m = renewalsMessage(Array.from({ length: 200 }, (_, i) => withUrl(i)));
    expect(m.title).toBe('200 renewal alerts tonight (200 high risk)');
    expect(m.more).toBe("185 more alerts in the vCIOs' emails.");
    expectValidSlack(slackPayload(m));
    expectValidTeams(teamsPayload(m));
  });

  it('cut an over-long title and text rather than be refused', () => {
    const long: AlertMessage = { title: 'x'.repeat(400), facts: [], items: [{ heading: 'h', text: 'y'.repeat(5000) }], links: [{ title: 'Open', url: 'https://example.com/a' }] };
    const slack = expectValidSlack(slackPayload(long));
    expect(slack.blocks[0]!.text!.text).toHaveLength(150);
    expect(slack.blocks.at(-1)!.type).toBe('actions');
  });

  it('leave out a link that is not https instead of posting it', () => {
    const m = renewalsMessage([renewalModel({ alert: { ...renewalModel().alert, agreementUrl: 'ftp://psa.example/agreements/1' } })]);
    expect(m.items[0]!.link).toBeUndefined();
    expectValidSlack(slackPayload(m));
  });

  it('give the digest the email subject\u2019s headline figures and its largest new gaps with their source links', () => {
    const model = digestModel({
      newThisWeek: [entry({ clientName: 'Fabrikam', monthlyImpactCents: 90_000, evidence: [{ sourceId: 'ninja', ids: ['1'], rule: 'r', url: 'https://app.ninjarmm.com/#/customerDashboard/7' }] })],
    });
    const m = digestMessage(model);
    expect(m.title).toBe(`Weekly digest: ${renderDigest(model).subject}`);
    expect(m.items.some((i) => i.heading.startsWith('New: Fabrikam') && i.link?.url === 'https://app.ninjarmm.com/#/customerDashboard/7')).toBe(true);
    expectValidSlack(slackPayload(m));
    expectValidTeams(teamsPayload(m));
  });

  it('escape Slack control characters in every text', () => {
    expect(escapeMrkdwn('A&B <C>')).toBe('A&amp;B &lt;C&gt;');
  });
});
