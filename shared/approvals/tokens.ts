import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { systemClock } from '../clock';
import { ConfigError } from '../config/load';
import type { TrueupConfig } from '../config/schema';
import type { SecretResolver } from '../config/secrets';
import { IsoDate } from '../domain/model';

/**
 * Signed approval links (Stripe/Slack style): `<payload>.<signature>`, both base64url, where
 * the payload names the key id, the target (one proposal, or one client's batch of a night),
 * the action, who the link was sent to, an expiry and a random nonce, and the signature is
 * HMAC-SHA256 over it. Verification is pure and happens before any database read; the
 * single use comes from the proposal's conditional PENDING -> decided write, not from here.
 */

/** approve / reject act on true-up proposals; same / not-same answer a suggested client match; revoke ends a write-off; bill / covered decide a labor finding. */
export type ApprovalAction = 'approve' | 'reject' | 'same' | 'not-same' | 'revoke' | 'bill' | 'covered';
/**
 * What a link acts on (one proposal, a client's batch of a night, or one suggested pair of an
 * RMM or marketplace client and a PSA client), and the recipient it is sent to (the "who" of
 * the audit record).
 */
export type ApprovalTarget = (
  | { proposalId: string }
  | { clientKey: string; runDate: string }
  | { memberKey: string; psaKey: string }
  | { ruleKey: string; rejectedAt: string }
  // A labor finding, as first seen on that night: a link from before it resolved and reopened does not decide the new one.
  | { laborKey: string; firstSeen: string }
) & {
  recipient: string;
};

export interface TokenClaims {
  keyId: string;
  target: ApprovalTarget;
  action: ApprovalAction;
  expiresAt: Date;
  nonce: string;
}

export type TokenRefusal = 'malformed' | 'bad-signature' | 'unknown-key' | 'expired';
export type Verification = { ok: true; claims: TokenClaims } | { ok: false; refusal: TokenRefusal; message: string };

/** Key id -> key bytes; the current key signs, every listed key verifies (rotation). */
export type SigningKeys = ReadonlyMap<string, Buffer>;

/** HMAC-SHA256 keys shorter than this are guessable offline from one link. */
const MIN_KEY_LENGTH = 32;
/** A link is a few hundred characters; anything far longer is not ours and is not decoded. */
const MAX_TOKEN_LENGTH = 2048;
/** Domain separation: a signature made for anything else with the same key never verifies here. */
const CONTEXT = 'trueup-approval-v1.';
const B64URL = /^[A-Za-z0-9_-]+$/;

const Payload = z.strictObject({
  k: z.string().min(1),
  t: z.union([
    z.strictObject({ p: z.string().min(1) }),
    z.strictObject({ c: z.string().min(1), d: IsoDate }),
    z.strictObject({ m: z.string().min(1), s: z.string().min(1) }),
    z.strictObject({ x: z.string().min(1), r: z.string().min(1) }),
    z.strictObject({ l: z.string().min(1), f: IsoDate }),
  ]),
  a: z.enum(['a', 'r', 's', 'n', 'v', 'b', 'c']),
  w: z.string(),
  e: z.number().int().positive(),
  n: z.string().regex(B64URL),
});
type Payload = z.infer<typeof Payload>;

const ACTION_CODE = { approve: 'a', reject: 'r', same: 's', 'not-same': 'n', revoke: 'v', bill: 'b', covered: 'c' } as const satisfies Record<ApprovalAction, Payload['a']>;
const ACTION_OF = { a: 'approve', r: 'reject', s: 'same', n: 'not-same', v: 'revoke', b: 'bill', c: 'covered' } as const satisfies Record<Payload['a'], ApprovalAction>;

export async function loadSigningKeys(config: TrueupConfig, secrets: SecretResolver): Promise<{ currentKeyId: string; keys: SigningKeys }> {
  const { approvals } = config;
  const entries: Array<[string, Buffer]> = [];
  for (const [keyId, ref] of [[approvals.keyId, approvals.signingKey] as const, ...Object.entries(approvals.previousKeys)]) {
    const value = await secrets(ref, `approvals key "${keyId}"`);
    if (value.length < MIN_KEY_LENGTH) throw new ConfigError(`approvals key "${keyId}" is ${value.length} characters; use at least ${MIN_KEY_LENGTH} random characters (e.g. openssl rand -base64 48)`);
    entries.push([keyId, Buffer.from(value, 'utf8')]);
  }
  return { currentKeyId: approvals.keyId, keys: new Map(entries) };
}

const sign = (key: Buffer, encodedPayload: string): Buffer => createHmac('sha256', key).update(CONTEXT + encodedPayload).digest();

export interface LinkSigner {
  link(target: ApprovalTarget, action: ApprovalAction): string;
}

export async function createLinkSigner(config: TrueupConfig, secrets: SecretResolver, now: () => Date = () => systemClock.now()): Promise<LinkSigner> {
  const { currentKeyId, keys } = await loadSigningKeys(config, secrets);
  const key = keys.get(currentKeyId)!;
  const ttlMs = config.approvals.ttlHours * 3_600_000;
  return {
    link(target, action) {
      const payload: Payload = {
        k: currentKeyId,
        t: encodeTarget(target),
        a: ACTION_CODE[action],
        w: target.recipient,
        e: Math.floor((now().getTime() + ttlMs) / 1000),
        n: randomBytes(12).toString('base64url'),
      };
      const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
      return approvalUrl(config.approvals.baseUrl, `${encoded}.${sign(key, encoded).toString('base64url')}`);
    },
  };
}

export function verifyToken(token: string, keys: SigningKeys, now: Date): Verification {
  const refuse = (refusal: TokenRefusal, message: string): Verification => ({ ok: false, refusal, message });
  if (token.length > MAX_TOKEN_LENGTH) return refuse('malformed', 'the link is too long to be an approval link');
  const parts = token.split('.');
  if (parts.length !== 2 || !parts.every((x) => B64URL.test(x))) return refuse('malformed', 'the link is incomplete or has been altered');
  const [encoded, signature] = parts as [string, string];

  let payload: Payload;
  try {
    const parsed = Payload.safeParse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
    // A match answer or a revoke on a proposal (or the reverse) is not a link we ever sign.
    if (!parsed.success || !actionFits(parsed.data)) return refuse('malformed', 'the link is incomplete or has been altered');
    payload = parsed.data;
  } catch {
    return refuse('malformed', 'the link is incomplete or has been altered');
  }

  const key = keys.get(payload.k);
  if (!key) return refuse('unknown-key', 'the link was signed with a key that is no longer accepted');
  const expected = sign(key, encoded);
  const given = Buffer.from(signature, 'base64url');
  // The length is public (always 32 bytes); the comparison of the bytes is constant-time.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse('bad-signature', 'the link has been altered');

  const expiresAt = new Date(payload.e * 1000);
  if (now.getTime() >= expiresAt.getTime()) return refuse('expired', `the link expired on ${expiresAt.toISOString()}`);

  return {
    ok: true,
    claims: {
      keyId: payload.k,
      target: { ...decodeTarget(payload.t), recipient: payload.w },
      action: ACTION_OF[payload.a],
      expiresAt,
      nonce: payload.n,
    },
  };
}

const encodeTarget = (t: ApprovalTarget): Payload['t'] =>
  'proposalId' in t ? { p: t.proposalId }
  : 'memberKey' in t ? { m: t.memberKey, s: t.psaKey }
  : 'ruleKey' in t ? { x: t.ruleKey, r: t.rejectedAt }
  : 'laborKey' in t ? { l: t.laborKey, f: t.firstSeen }
  : { c: t.clientKey, d: t.runDate };

const decodeTarget = (t: Payload['t']): DistributiveOmit<ApprovalTarget, 'recipient'> =>
  'p' in t ? { proposalId: t.p }
  : 'm' in t ? { memberKey: t.m, psaKey: t.s }
  : 'x' in t ? { ruleKey: t.x, rejectedAt: t.r }
  : 'l' in t ? { laborKey: t.l, firstSeen: t.f }
  : { clientKey: t.c, runDate: t.d };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Proposals take approve / reject, match pairs same / not-same, write-off rules revoke. */
function actionFits(p: Payload): boolean {
  const family = 'm' in p.t ? ['s', 'n'] : 'x' in p.t ? ['v'] : 'l' in p.t ? ['b', 'c'] : ['a', 'r'];
  return family.includes(p.a);
}

/** Links are `<baseUrl>/approval/<token>`: the token in the path, so no query parser touches it. */
export function approvalUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/approval/${token}`;
}

/** The token of a request path, or null when the path is not an approval link. */
export function tokenFromPath(path: string): string | null {
  return /\/approval\/([^/]+)\/?$/.exec(path)?.[1] ?? null;
}
