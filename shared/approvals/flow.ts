import type { AppContext } from '../app/context';
import { parseRejectReason, type RejectReason } from '../domain/reject-reasons';
import type { Proposal } from '../domain/trueups';
import { getProposal, listProposals } from '../store/proposals';
import { proposalsMailed } from '../store/records';
import { decideProposal, type Origin } from './decide';
import { answerMatchLink } from './match-link';
import { confirmPage, messagePage, notConfirmedPage, outcomePage, refusalPage, type PageContext } from './pages';
import { withoutBody, type ApprovalResponse } from './response';
import { answerRevokeLink } from './revoke-link';
import { answerLaborLink } from './labor-link';
import { loadSigningKeys, tokenFromPath, verifyToken, type ApprovalTarget } from './tokens';

/**
 * The approval endpoint, whatever carries the request (a Lambda Function URL or the local
 * server). GET and HEAD verify the link and show the evidence with a confirm form, and change
 * nothing: mail scanners fetch every link. Only the form's POST decides. The token is verified
 * before anything is read, so a forged link costs no database read.
 */

export interface ApprovalRequest {
  method: string;
  path: string;
  /** The form body of a POST (application/x-www-form-urlencoded). */
  body: string | null;
  origin: Origin;
}

export async function handleApproval(ctx: AppContext, req: ApprovalRequest): Promise<ApprovalResponse> {
  const method = req.method.toUpperCase();
  const respond = (r: ApprovalResponse) => (method === 'HEAD' ? withoutBody(r) : r);
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    return messagePage(405, 'Method not allowed', 'Approval links are opened (GET) and confirmed with the form on the page (POST).', { Allow: 'GET, HEAD, POST' });
  }
  const token = tokenFromPath(req.path);
  if (!token) return respond(messagePage(404, 'Not an approval link', 'Approvals are made from the links in the finance email.'));

  const { keys } = await loadSigningKeys(ctx.config, ctx.secrets);
  const verified = verifyToken(token, keys, ctx.now());
  if (!verified.ok) return respond(refusalPage(verified.refusal, verified.message));
  const { claims } = verified;
  // A bare POST (a prefetcher, a replayed request without the form) is not a decision.
  const form = new URLSearchParams(req.body ?? '');
  const confirmed = method === 'POST' && form.get('confirm') === 'yes';
  if ('memberKey' in claims.target) return respond(await answerMatchLink(ctx, claims, claims.target, { post: method === 'POST', confirmed, origin: req.origin }));
  if ('ruleKey' in claims.target) return respond(await answerRevokeLink(ctx, claims, claims.target, { post: method === 'POST', confirmed, origin: req.origin }));
  if ('laborKey' in claims.target) return respond(await answerLaborLink(ctx, claims, claims.target, { post: method === 'POST', confirmed, reason: form.get('reason'), origin: req.origin }));

  const pageCtx: PageContext = { currency: ctx.config.msp.currency, timeZone: ctx.config.msp.timeZone, shadowMode: ctx.config.safety.shadowMode, now: ctx.now() };
  const proposals = await loadTarget(ctx, claims.target);
  if (proposals.length === 0) return respond(messagePage(404, 'Nothing to decide', 'The change this link names no longer exists. Nothing was changed.'));

  if (method !== 'POST') {
    return respond(proposals.some((p) => p.status === 'PENDING') ? confirmPage(claims.action, proposals, pageCtx) : outcomePage(proposals, pageCtx, false));
  }

  if (!confirmed) return notConfirmedPage();
  // A rejection says why (the reason becomes the line's write-off rule); a batch gives one reason for all.
  let reason: RejectReason | null = null;
  if (claims.action === 'reject') {
    const parsed = parseRejectReason(form.get('reason'), form.get('reasonText'));
    if (!parsed.ok) return messagePage(400, 'No reason given', `Nothing was changed. ${parsed.message} Go back to the page and choose a reason.`);
    reason = parsed.reason;
  }
  const decided: Proposal[] = [];
  let acted = false;
  for (const p of proposals) {
    if (p.status !== 'PENDING') {
      decided.push(p);
      continue;
    }
    const d = await decideProposal(ctx, p, claims, req.origin, reason);
    acted ||= d.acted;
    decided.push(d.proposal);
  }
  return outcomePage(decided, pageCtx, acted);
}

/**
 * The one proposal, or the client's proposals of that night: exactly what the email listed. A
 * proposal made later the same night (a re-run after a failed write-back) is in no email the
 * batch link came in, so the sent-mail record of that night decides what the link covers.
 */
async function loadTarget(ctx: AppContext, target: Extract<ApprovalTarget, { proposalId: string } | { runDate: string }>): Promise<Proposal[]> {
  if ('proposalId' in target) {
    const p = await getProposal(ctx.table, target.proposalId);
    return p ? [p] : [];
  }
  const [night, mailed] = await Promise.all([listProposals(ctx.table, target.runDate), proposalsMailed(ctx.table, target.recipient, target.runDate)]);
  return night.filter((p) => mailed.has(p.id) && p.clientKey === target.clientKey && p.status !== 'SUPERSEDED');
}
