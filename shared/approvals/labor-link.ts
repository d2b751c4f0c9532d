import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context';
import { laborWebLinks } from '../connectors/web-links';
import { isWorkConnector } from '../connectors/types';
import type { LaborDecision, LaborLedgerEntry } from '../domain/labor/ledger';
import { LABOR_KIND_TRAITS } from '../domain/labor/model';
import { appendAudit } from '../store/records';
import { decideLaborEntry, getLaborEntry, reopenLaborEntry, setLaborOutcome } from '../store/labor';
import type { Origin } from './decide';
import { laborConfirmPage, laborOutcomePage, type LaborPageContext } from './labor-pages';
import { messagePage, notConfirmedPage } from './pages';
import type { ApprovalResponse } from './response';
import type { ApprovalTarget, TokenClaims } from './tokens';

/**
 * A labor finding's links in finance's weekly review list. GET shows the finding and a confirm
 * form. The form's POST decides once: open -> billed or covered, a conditional write naming the
 * night the finding was first seen, so a replayed or second click, or a link from before the
 * finding reopened, changes nothing. "Bill it" then makes each unbilled entry billable in the PSA
 * (compare-and-set against what the finding saw); if the PSA refuses, the finding is open again.
 * "Covered, don't bill" needs a reason and is never shown again.
 */
export async function answerLaborLink(
  ctx: AppContext,
  claims: TokenClaims,
  target: Extract<ApprovalTarget, { laborKey: string }>,
  req: { post: boolean; confirmed: boolean; reason: string | null; origin: Origin },
): Promise<ApprovalResponse> {
  const action: LaborDecision['action'] = claims.action === 'bill' ? 'bill' : 'covered';
  const entry = await getLaborEntry(ctx.table, target.laborKey);
  if (!entry || entry.firstSeen !== target.firstSeen) return messagePage(404, 'Nothing to decide', 'The finding this link names no longer exists as it was sent. Nothing was changed.');
  const pageCtx = pageContext(ctx, entry);
  if (entry.status !== 'open') return laborOutcomePage('Already decided', 'Nothing was changed: this finding was decided or resolved already.', entry, pageCtx);
  if (!req.post) return laborConfirmPage(action, entry, pageCtx);
  if (!req.confirmed) return notConfirmedPage();
  if (action === 'bill' && LABOR_KIND_TRAITS[entry.kind].billIt === 'link-only') return laborConfirmPage(action, entry, pageCtx);

  const at = ctx.now().toISOString();
  const by = target.recipient;
  const reason = req.reason?.trim() ?? '';
  if (action === 'covered' && !reason) return messagePage(400, 'No reason given', 'Nothing was changed. Go back to the page and say why the time is covered.');
  if (action === 'bill' && ctx.config.safety.shadowMode) return laborOutcomePage('Shadow mode: nothing written', 'Trueup is in shadow mode and writes nothing to the PSA. Bill the time there.', entry, pageCtx);

  const decision: LaborDecision = { action, by, at, ...(action === 'covered' ? { reason: reason.slice(0, 500) } : { outcome: 'writing to the PSA' }) };
  if (!(await decideLaborEntry(ctx.table, entry.key, entry.firstSeen, action === 'bill' ? 'billed' : 'covered', decision)))
    return laborOutcomePage('Already decided', 'Nothing was changed: this finding was decided a moment ago.', (await getLaborEntry(ctx.table, entry.key)) ?? entry, pageCtx);
  const audit = (what: string, detail: Record<string, unknown>) =>
    appendAudit(ctx.table, { at: ctx.now().toISOString(), id: randomUUID(), action: what, actor: by, from: `${req.origin.sourceIp} (${req.origin.userAgent || 'no user agent'})`, detail: { key: entry.key, kind: entry.kind, clientKey: entry.clientKey, clientName: entry.clientName, hours: entry.hours, amountCents: entry.amountCents, via: 'labor link', keyId: claims.keyId, ...detail } });

  if (action === 'covered') {
    await audit('labor covered', { reason: decision.reason });
    return laborOutcomePage('Marked covered', 'The time stays unbilled and this finding is not shown again.', { ...entry, status: 'covered', decision }, pageCtx);
  }
  const billed = await billEntries(ctx, entry);
  if (!billed.ok) {
    await reopenLaborEntry(ctx.table, entry.key, at);
    await audit('labor bill failed', { error: billed.message });
    return laborOutcomePage('Not billed', `Nothing more was changed: ${billed.message}`, entry, pageCtx, 409);
  }
  await setLaborOutcome(ctx.table, entry.key, at, billed.outcome);
  await audit('labor billed', { outcome: billed.outcome });
  return laborOutcomePage('Billed', 'The time is billable in the PSA now; the finding resolves once it is invoiced.', { ...entry, status: 'billed', decision: { ...decision, outcome: billed.outcome } }, pageCtx);
}

async function billEntries(ctx: AppContext, entry: LaborLedgerEntry): Promise<{ ok: true; outcome: string } | { ok: false; message: string }> {
  const connector = ctx.connector(entry.sourceId);
  if (!isWorkConnector(connector)) return { ok: false, message: `${entry.sourceId} cannot write time entries through its API; bill the time in the PSA.` };
  const outcomes: string[] = [];
  for (const e of entry.entries.filter((x) => x.billable !== 'billable')) {
    try {
      outcomes.push((await connector.billTimeEntry({ ref: e.writeBack, expected: { billable: e.billable, invoiced: e.invoiced } })).effective);
    } catch (err) {
      ctx.logger.warn('labor bill refused', { key: entry.key, entry: e.externalId, error: (err as Error).message });
      const done = outcomes.length ? ` (${outcomes.length} of its entries were made billable before that)` : '';
      return { ok: false, message: `time entry ${e.externalId}: ${(err as Error).message}${done}` };
    }
  }
  return { ok: true, outcome: outcomes.join('; ') || 'already billable' };
}

function pageContext(ctx: AppContext, e: LaborLedgerEntry): LaborPageContext {
  const links = laborWebLinks(ctx.config.sources);
  return { currency: ctx.config.msp.currency, timeZone: ctx.config.msp.timeZone, links: { subject: links.subject(e.sourceId, e.subject), entries: new Map(e.entries.map((t) => [t.externalId, links.timeEntry(e.sourceId, t.externalId)])) } };
}
