import type { Proposal } from '../domain/trueups';
import { html, oneLine, type HtmlValue } from './escape';
import { evidenceHtml, evidenceLine, gapText } from './findings';
import { longDate, money, plural, quantity, signedMoney } from './format';
import { button, buttons, COLORS, emailDocument, footer, h1, h2, h3, link, list, notice, p, strong } from './layout';
import type { FinanceBatchModel, RenderedEmail } from './models';
import { bullet, textDocument, textSection } from './text';

/**
 * The finance lead's approval batch: every proposed quantity change or new line with its evidence and an
 * Approve and a Reject link, grouped by client with links for the whole client. Each link opens
 * a confirm page first; nothing changes until it is confirmed there.
 */

type Item = FinanceBatchModel['proposals'][number];

export function renderFinanceBatch(m: FinanceBatchModel): RenderedEmail {
  const cur = m.msp.currency;
  const n = m.proposals.length;
  const net = m.proposals.reduce((s, x) => s + x.proposal.monthlyImpactCents, 0);
  const shadow = `${m.shadowMode ? ', shadow mode' : ''}${m.part ? `, part ${m.part.index} of ${m.part.count}` : ''}`;
  const subject = oneLine(
    n > 0
      ? `${plural(n, 'true-up')} to approve (${signedMoney(net, cur)}/month${shadow}) \u2014 ${m.msp.name}`
      : `No true-ups to approve${m.blocked.length ? `, ${m.blocked.length} held back` : ''} \u2014 ${m.msp.name}`,
  );
  const groups = groupByClient(m);
  const shadowText =
    'Shadow mode is on: approving records your decision, but nothing is written to the PSA until shadow mode is turned off (safety.shadowMode in the config).';

  const change = (pr: Proposal) =>
    pr.addToAgreement !== undefined
      ? `Add a line: ${pr.product}, ${quantity(pr.proposedQuantity)} at ${money(pr.unitPriceCents, cur, true)} = ${money(pr.monthlyImpactCents, cur, true)}/month to ${pr.agreementName}`
      : `${pr.kind === 'under-billed' ? 'Increase' : 'Decrease'} ${pr.product} from ${quantity(pr.expectedQuantity)} to ${quantity(pr.proposedQuantity)}: ${signedMoney(pr.monthlyImpactCents, cur)}/month`;
  const gap = (pr: Proposal) =>
    `${gapText({ kind: pr.kind, billed: pr.expectedQuantity, observed: pr.observedTotal, delta: pr.observedTotal - pr.expectedQuantity, lineKey: pr.lineKey, product: pr.product })}; ${money(pr.unitPriceCents, cur, true)} per unit.`;
  // The agreement by name (a link when the PSA has a webUrl); line ids stay in the audit.
  const where = (pr: Proposal) => `(${pr.psaSourceId})${pr.addToAgreement !== undefined ? ', a new line' : ''}`;
  const detail = (pr: Proposal) => `${pr.agreementName} ${where(pr)}: ${gap(pr)}`;
  const detailHtml = (pr: Proposal) => html`${pr.agreementUrl ? link(pr.agreementUrl, pr.agreementName) : pr.agreementName} ${where(pr)}: ${gap(pr)}`;

  const proposalHtml = ({ proposal: pr, approveUrl, rejectUrl }: Item): HtmlValue => [
    h3(change(pr)),
    p(detailHtml(pr), true),
    pr.capNote ? p(html`${strong('Capped:')} ${pr.capNote}`) : null,
    list(pr.evidence.map((ev) => evidenceHtml(ev))),
    buttons([button(approveUrl, html`Approve <span style="font-weight:normal;">${quantity(pr.proposedQuantity)}</span>`), button(rejectUrl, 'Reject', 'secondary')]),
  ];

  const body: HtmlValue[] = [
    p(html`${m.msp.name} &middot; true-ups from the night of ${longDate(m.runDate)}`, true),
    h1(n > 0 ? `${plural(n, 'true-up')} to approve` : 'No true-ups to approve'),
    n > 0 ? p(html`${strong(`${signedMoney(net, cur)}/month`)} if all are approved, across ${plural(groups.length, 'client')}.`) : null,
    m.shadowMode ? notice('Shadow mode: nothing will be written', p(shadowText)) : null,
    n > 0
      ? p('Each link opens a page with the evidence and a confirm button. Nothing changes until you confirm there, and every decision is recorded with your name.', true)
      : null,
    groups.map((g) => [
      h2(html`${g.clientName} <span style="font-weight:normal;color:${COLORS.muted};">(${plural(g.items.length, 'change')}, ${signedMoney(g.netCents, cur)}/month)</span>`),
      g.links && g.items.length > 1
        ? buttons([button(g.links.approveAllUrl, `Approve all ${g.items.length}`), button(g.links.rejectAllUrl, `Reject all ${g.items.length}`, 'secondary')])
        : null,
      g.items.map(proposalHtml),
    ]),
    m.blocked.length
      ? [
          h2(html`Held back by the safety rules (${m.blocked.length})`),
          p('These gaps are real but no change is proposed; they stay in the owner’s digest.', true),
          list(m.blocked.map((b) => html`${strong(`${b.entry.clientName}, ${b.entry.product}:`)} ${gapText(b.entry)}. ${b.reason}.`)),
        ]
      : null,
  ];

  const text = textDocument([
    `${m.msp.name}: true-ups from the night of ${longDate(m.runDate)}`,
    n > 0 ? `${plural(n, 'true-up')} to approve: ${signedMoney(net, cur)}/month if all are approved.` : 'No true-ups to approve.',
    m.shadowMode ? `SHADOW MODE: ${shadowText}` : null,
    n > 0 ? 'Each link opens a page with the evidence and a confirm button. Nothing changes until you confirm there.' : null,
    ...groups.map((g) =>
      textSection(`${g.clientName} (${plural(g.items.length, 'change')}, ${signedMoney(g.netCents, cur)}/month)`, [
        ...(g.links && g.items.length > 1 ? [`Approve all: ${g.links.approveAllUrl}`, `Reject all: ${g.links.rejectAllUrl}`, ''] : []),
        ...g.items.flatMap(({ proposal: pr, approveUrl, rejectUrl }) => [
          change(pr),
          `  ${detail(pr)}`,
          ...(pr.agreementUrl ? [`  Agreement: ${pr.agreementUrl}`] : []),
          ...(pr.capNote ? [`  Capped: ${pr.capNote}`] : []),
          ...pr.evidence.map((ev) => bullet(evidenceLine(ev), 2)),
          `  Approve: ${approveUrl}`,
          `  Reject:  ${rejectUrl}`,
          '',
        ]),
      ]),
    ),
    m.blocked.length
      ? textSection(
          `Held back by the safety rules (${m.blocked.length})`,
          m.blocked.map((b) => bullet(`${b.entry.clientName}, ${b.entry.product}: ${gapText(b.entry)}. ${b.reason}.`)),
        )
      : null,
    `Sent by Trueup for ${m.msp.name} after the nightly run. Amounts are per month unless marked otherwise.`,
  ]);

  return {
    subject,
    html: emailDocument({
      title: subject,
      preheader: n > 0 ? `${signedMoney(net, cur)}/month across ${plural(groups.length, 'client')}${m.shadowMode ? ' (shadow mode: nothing is written)' : ''}.` : 'Nothing to approve tonight.',
      body,
      footer: footer(m.msp.name, 'You get this after each nightly run that proposes changes, as a finance approver.'),
    }),
    text,
  };
}

interface Group {
  clientKey: string;
  clientName: string;
  netCents: number;
  items: Item[];
  links: FinanceBatchModel['clients'][number] | undefined;
}

function groupByClient(m: FinanceBatchModel): Group[] {
  const by = new Map<string, Group>();
  for (const item of m.proposals) {
    const pr = item.proposal;
    let g = by.get(pr.clientKey);
    if (!g) {
      g = { clientKey: pr.clientKey, clientName: pr.clientName, netCents: 0, items: [], links: m.clients.find((c) => c.clientKey === pr.clientKey) };
      by.set(pr.clientKey, g);
    }
    g.items.push(item);
    g.netCents += pr.monthlyImpactCents;
  }
  return [...by.values()].sort((a, b) => b.netCents - a.netCents);
}
