import { html, type SafeHtml } from '../mail/escape';
import { dateTime, longDate } from '../mail/format';
import type { MatchPair } from '../store/matches';
import { page, type ApprovalResponse } from './response';

/**
 * The pages of a suggested-match link: the two names, where each comes from, the score and why
 * the names look alike. Like the approval pages they show only what the token names, and every
 * vendor string goes through `html`.
 */

export type MatchAnswer = 'same' | 'not-same';

const STATUS_WORDS: Record<MatchPair['status'], { title: string; tone: 'good' | '' }> = {
  suggested: { title: 'Waiting for an answer', tone: '' },
  same: { title: 'Confirmed: the same client', tone: 'good' },
  'not-same': { title: 'Kept apart: not the same client', tone: 'good' },
};

function pairCard(p: MatchPair, timeZone: string): SafeHtml {
  const words = STATUS_WORDS[p.status];
  return html`<section class="card${words.tone ? ` ${words.tone}` : ''}">
<h2>${p.memberName} → ${p.psaName}?</h2>
<dl>
<dt>In ${p.memberSourceId}</dt><dd>${p.memberName} (${p.memberKey})</dd>
<dt>In the PSA</dt><dd>${p.psaName} (${p.psaKey}, ${p.psaSourceId})</dd>
<dt>Score</dt><dd>${p.score.toFixed(2)}</dd>
<dt>Why suggested</dt><dd>${p.reason}</dd>
<dt>Suggested</dt><dd>${longDate(p.suggestedOn)}</dd>
<dt>Status</dt><dd>${words.title}</dd>
${p.decidedAt ? html`<dt>Decided</dt><dd>${dateTime(p.decidedAt, timeZone)} by ${p.decidedBy ?? 'unknown'}</dd>` : ''}
</dl>
</section>`;
}

/** GET: both names and the evidence, and a confirm form. Showing it changes nothing. */
export function matchConfirmPage(answer: MatchAnswer, p: MatchPair, timeZone: string): ApprovalResponse {
  const title = answer === 'same' ? 'Is this the same client?' : 'Keep these apart?';
  const effect =
    answer === 'same'
      ? `Confirming counts ${p.memberName}'s usage under ${p.psaName} from the next nightly run. A matching override in the config still wins.`
      : `Confirming stops Trueup suggesting this pair again; ${p.memberName} stays unmatched until it matches another client.`;
  return page(
    200,
    title,
    html`<h1>${title}</h1>
<p>Nothing has changed yet. ${effect}</p>
${pairCard(p, timeZone)}
<form method="post" class="card">
<input type="hidden" name="confirm" value="yes">
<button type="submit"${answer === 'not-same' ? html` class="reject"` : ''}>${answer === 'same' ? 'Confirm: same client' : 'Confirm: not the same'}</button>
</form>`,
  );
}

/** After a POST, or a link whose pair was answered already: what is recorded. */
export function matchOutcomePage(p: MatchPair, actedNow: boolean, timeZone: string): ApprovalResponse {
  const title = STATUS_WORDS[p.status].title;
  const lead = actedNow ? 'Your answer is recorded; the next nightly run uses it.' : 'This pair was answered already; this is the recorded answer. Nothing was changed now.';
  return page(200, title, html`<h1>${title}</h1><p>${lead}</p>${pairCard(p, timeZone)}`);
}
