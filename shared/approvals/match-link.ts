import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context';
import { decidePair, getPair } from '../store/matches';
import { appendAudit } from '../store/records';
import type { Origin } from './decide';
import { matchConfirmPage, matchOutcomePage } from './match-pages';
import { messagePage, notConfirmedPage } from './pages';
import type { ApprovalResponse } from './response';
import type { ApprovalTarget, TokenClaims } from './tokens';

/**
 * A "Same client" / "Not the same" link on a suggested match. GET shows the pair; the form's
 * POST stores the answer once (suggested -> same / not-same, a conditional write) and audits it.
 * The next night's matcher reads it; config overrides and ignore still win.
 */

export async function answerMatchLink(
  ctx: AppContext,
  claims: TokenClaims,
  target: Extract<ApprovalTarget, { memberKey: string }>,
  req: { post: boolean; confirmed: boolean; origin: Origin },
): Promise<ApprovalResponse> {
  const { table } = ctx;
  const tz = ctx.config.msp.timeZone;
  const pair = await getPair(table, target.memberKey, target.psaKey);
  if (!pair) return messagePage(404, 'Nothing to decide', 'The suggested match this link names no longer exists. Nothing was changed.');
  const answer = claims.action === 'same' ? 'same' : 'not-same';
  if (!req.post) return pair.status === 'suggested' ? matchConfirmPage(answer, pair, tz) : matchOutcomePage(pair, false, tz);
  if (!req.confirmed) return notConfirmedPage();

  const decidedAt = ctx.now().toISOString();
  const decidedBy = target.recipient;
  if (!(await decidePair(table, pair.memberKey, pair.psaKey, answer, decidedBy, decidedAt))) {
    return matchOutcomePage((await getPair(table, pair.memberKey, pair.psaKey)) ?? pair, false, tz);
  }
  const outcome = answer === 'same' ? `counted under ${pair.psaName} from the next run` : 'kept apart; not suggested again';
  await appendAudit(table, {
    at: decidedAt,
    id: randomUUID(),
    action: answer === 'same' ? 'matched' : 'kept apart',
    actor: decidedBy,
    from: `${req.origin.sourceIp} (${req.origin.userAgent || 'no user agent'})`,
    detail: {
      clientName: pair.psaName,
      product: `with ${pair.memberName} (${pair.memberSourceId})`,
      outcome,
      memberKey: pair.memberKey,
      psaKey: pair.psaKey,
      score: pair.score,
      reason: pair.reason,
      via: 'match link',
      keyId: claims.keyId,
    },
  });
  ctx.logger.info('client match answered', { memberKey: pair.memberKey, psaKey: pair.psaKey, answer });
  return matchOutcomePage({ ...pair, status: answer, decidedBy, decidedAt }, true, tz);
}
