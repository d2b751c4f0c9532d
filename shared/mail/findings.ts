import type { LedgerEntry } from '../domain/ledger';
import type { Evidence, EvidenceItem } from '../domain/model';
import { html, safeHref, type SafeHtml } from './escape';
import { plural, quantity, shortDate } from './format';

/** How a ledger entry's gap reads in every email: what is billed against what is in use. */
export function gapText(e: Pick<LedgerEntry, 'kind' | 'billed' | 'observed' | 'delta' | 'lineKey' | 'product'>): string {
  const signed = e.delta > 0 ? `+${quantity(e.delta)}` : `\u2212${quantity(Math.abs(e.delta))}`;
  switch (e.kind) {
    case 'under-billed':
    case 'over-billed':
      return `billed ${quantity(e.billed)}, in use ${quantity(e.observed)} (${signed})`;
    case 'unbilled-usage':
      return `no billing line; ${quantity(e.observed)} in use`;
    case 'unmapped':
      return e.lineKey === 'org' ? `${e.product} matching no PSA client` : `${e.product}: no recipe maps it to a billing line; ${quantity(e.observed)} in use`;
  }
}

/** `3 Nov 2026`: short enough for a list of devices. */
const day = (iso: string): string => `${shortDate(iso)} ${iso.slice(0, 4)}`;

/** One record behind a count: `PC-0042 (first seen by Trueup 3 Nov 2026, last seen 28 Nov 2026)` or `Microsoft 365 E3: 12 seats, last changed 3 Nov 2026`. */
export function evidenceItemText(i: EvidenceItem): string {
  if (i.quantity !== undefined) return `${i.name}: ${plural(i.quantity, 'seat')}${i.changedOn ? `, last changed ${day(i.changedOn)}` : ''}`;
  const when = [i.firstSeenOn ? `first seen by Trueup ${day(i.firstSeenOn)}` : null, i.lastSeenAt ? `last seen ${day(i.lastSeenAt)}` : 'never seen online'];
  return `${i.name} (${when.filter(Boolean).join(', ')})`;
}

/**
 * What the evidence behind a count says, newest records first and shortened:
 * `ninja: 47 devices: ...; newest first: PC-9 (...); PC-8 (...) and 45 more`. Evidence stored
 * before records were kept shows its ids instead.
 */
export function evidenceText(ev: Evidence, maxItems = 8): string {
  const total = ev.ids.length;
  if (!ev.items) {
    const more = total > maxItems ? ` and ${total - maxItems} more` : '';
    return `${ev.sourceId}: ${ev.rule}${total ? ` (ids ${ev.ids.slice(0, maxItems).join(', ')}${more})` : ''}`;
  }
  const shown = ev.items.slice(0, maxItems);
  const more = total > shown.length ? ` and ${total - shown.length} more` : '';
  const lead = total > 1 ? '; newest first: ' : ': ';
  return `${ev.sourceId}: ${ev.rule}${shown.length ? `${lead}${shown.map(evidenceItemText).join('; ')}${more}` : ''}`;
}

/** The evidence with a link to the client's page in the source's web app, when there is one; unstyled, so pages with a strict CSP can use it too. */
export const evidenceHtml = (ev: Evidence, maxItems = 8): SafeHtml =>
  html`${evidenceText(ev, maxItems)}${ev.url ? html` (<a href="${safeHref(ev.url)}">open in ${ev.sourceId}</a>)` : ''}`;

/** The plain-text email's form: the link spelled out. */
export const evidenceLine = (ev: Evidence, maxItems = 8): string => `${evidenceText(ev, maxItems)}${ev.url ? ` (${ev.url})` : ''}`;
