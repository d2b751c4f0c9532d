import type { AppContext } from '../app/context';
import { longDate } from '../mail/format';
import { QBR_STYLE, renderQbrPage } from '../mail/render-qbr';
import { getQbrPack } from '../store/health';
import { messagePage } from './pages';
import { documentResponse, type ApprovalResponse } from './response';

/**
 * A QBR pack link from a renewal alert: read-only. GET shows the pack of the night the link
 * names, exactly as stored; opening it again shows it again and changes nothing. Any other
 * method is refused, since there is nothing to decide.
 */
export async function showQbrPack(ctx: AppContext, target: { qbrClientKey: string; runDate: string }, method: string): Promise<ApprovalResponse> {
  if (method !== 'GET' && method !== 'HEAD') return messagePage(405, 'Nothing to change here', 'A QBR pack link only shows the pack. Nothing was changed.', { Allow: 'GET, HEAD' });
  const pack = await getQbrPack(ctx.table, target.qbrClientKey, target.runDate);
  if (!pack) return messagePage(404, 'QBR pack not kept', `The pack of ${longDate(target.runDate)} is no longer kept. The next renewal alert links a new one.`);
  return documentResponse(200, renderQbrPage(pack, { mspName: ctx.config.msp.name, currency: ctx.config.msp.currency }), QBR_STYLE);
}

/** An expired pack link: nothing to change, so no approval advice; where a current pack comes from instead. */
export function expiredQbrPage(detail: string): ApprovalResponse {
  return messagePage(410, 'This QBR pack link has expired', `Nothing was changed: ${detail}. Pack links work for a limited time; a current pack comes with the next renewal alert, or from trueup qbr on the machine that runs Trueup.`);
}
