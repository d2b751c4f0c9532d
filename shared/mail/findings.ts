import type { LedgerEntry } from '../domain/ledger';
import { quantity } from './format';

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

/** What the evidence behind a count says, ids shortened: `ninja: 47 devices ... (ids 1, 2, 3 and 44 more)`. */
export function evidenceText(ev: LedgerEntry['evidence'][number], maxIds = 8): string {
  const shown = ev.ids.slice(0, maxIds).join(', ');
  const more = ev.ids.length > maxIds ? ` and ${ev.ids.length - maxIds} more` : '';
  return `${ev.sourceId}: ${ev.rule}${ev.ids.length ? ` (ids ${shown}${more})` : ''}`;
}
