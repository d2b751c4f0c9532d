import * as z from 'zod';

/**
 * Why a true-up was rejected. Every rejection gives one; it is kept on the proposal and in the
 * audit, and becomes the line's suppression rule (shared/domain/suppression.ts).
 */

export const RejectReasonCode = z.enum(['flat-fee', 'client-owned', 'test-device', 'billed-elsewhere', 'other']);
export type RejectReasonCode = z.infer<typeof RejectReasonCode>;

export const REJECT_REASONS = {
  'flat-fee': 'Included in a flat fee',
  'client-owned': 'Client-owned or not managed by us',
  'test-device': 'Test or duplicate device',
  'billed-elsewhere': 'Billed elsewhere',
  other: 'Other',
} as const satisfies Record<RejectReasonCode, string>;

const MAX_REASON_TEXT = 500;

export const RejectReason = z.object({ code: RejectReasonCode, text: z.string().max(MAX_REASON_TEXT) });
export type RejectReason = z.infer<typeof RejectReason>;

/** A reason as a person reads it: `Other: kit on loan`, `Billed elsewhere (on the Contoso project)`. */
export function reasonText(r: RejectReason): string {
  if (r.code === 'other') return `Other: ${r.text}`;
  return r.text ? `${REJECT_REASONS[r.code]} (${r.text})` : REJECT_REASONS[r.code];
}

/** The reason a reject form sent, or a plain message saying what is missing. */
export function parseRejectReason(code: string | null, text: string | null): { ok: true; reason: RejectReason } | { ok: false; message: string } {
  const parsedCode = RejectReasonCode.safeParse(code);
  if (!parsedCode.success) return { ok: false, message: 'Choose why the change is rejected; the reason is kept with the decision.' };
  // One line of plain text: control characters would only garble the audit trail and the digest.
  const clean = (text ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (parsedCode.data === 'other' && !clean) return { ok: false, message: 'With "Other", say in a few words why the change is rejected.' };
  if (clean.length > MAX_REASON_TEXT) return { ok: false, message: `Keep the reason under ${MAX_REASON_TEXT} characters.` };
  return { ok: true, reason: { code: parsedCode.data, text: clean } };
}
