import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSecretResolver } from '../../../shared/config/secrets';
import { createLinkSigner, loadSigningKeys, tokenFromPath, verifyToken, type ApprovalTarget } from '../../../shared/approvals/tokens';
import { APPROVAL_ENV, approvalConfig } from '../../support/approval-config';

const T0 = new Date('2026-03-02T08:00:00Z');
const HOUR = 3_600_000;
const secrets = createSecretResolver({ ...APPROVAL_ENV });
const proposalTarget: ApprovalTarget = { proposalId: 'p-northwind-mw', recipient: 'billing@contoso-it.example' };

async function setup(config = approvalConfig()) {
  const signer = await createLinkSigner(config, secrets, () => T0);
  const { keys } = await loadSigningKeys(config, secrets);
  const tokenOf = (url: string) => tokenFromPath(new URL(url).pathname)!;
  return { signer, keys, tokenOf };
}

describe('approval links', () => {
  it('round-trips a proposal target, the action and the recipient', async () => {
    const { signer, keys, tokenOf } = await setup();
    const url = signer.link(proposalTarget, 'approve');
    expect(url).toMatch(/^https:\/\/approvals\.contoso-it\.example\/approval\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const v = verifyToken(tokenOf(url), keys, T0);
    expect(v).toMatchObject({ ok: true, claims: { keyId: 'k1', action: 'approve', target: proposalTarget, expiresAt: new Date(T0.getTime() + 72 * HOUR) } });
  });

  it('round-trips a client batch target (client + night)', async () => {
    const { signer, keys, tokenOf } = await setup();
    const target = { clientKey: 'cw:250', runDate: '2026-03-01', recipient: 'billing@contoso-it.example' };
    expect(verifyToken(tokenOf(signer.link(target, 'reject')), keys, T0)).toMatchObject({ ok: true, claims: { action: 'reject', target } });
  });

  it('round-trips a suggested client match (organization + PSA client) with its answer', async () => {
    const { signer, keys, tokenOf } = await setup();
    const target = { memberKey: 'ninja:100', psaKey: 'cw:250', recipient: 'owner@contoso-it.example' };
    expect(verifyToken(tokenOf(signer.link(target, 'same')), keys, T0)).toMatchObject({ ok: true, claims: { action: 'same', target } });
    expect(verifyToken(tokenOf(signer.link(target, 'not-same')), keys, T0)).toMatchObject({ ok: true, claims: { action: 'not-same', target } });
  });

  it('refuses a match answer on a proposal, and an approval on a match', async () => {
    const { signer, keys, tokenOf } = await setup();
    const match = { memberKey: 'ninja:100', psaKey: 'cw:250', recipient: 'owner@contoso-it.example' };
    expect(verifyToken(tokenOf(signer.link(proposalTarget, 'same')), keys, T0)).toMatchObject({ ok: false, refusal: 'malformed' });
    expect(verifyToken(tokenOf(signer.link(match, 'approve')), keys, T0)).toMatchObject({ ok: false, refusal: 'malformed' });
  });

  it('round-trips a write-off revoke (rule + the rejection it ends), and refuses revoke on anything else or approve on a rule', async () => {
    const { signer, keys, tokenOf } = await setup();
    const rule = { ruleKey: 'cw:250#managed-workstation', rejectedAt: '2026-03-02T14:00:00.000Z', recipient: 'owner@contoso-it.example' };
    expect(verifyToken(tokenOf(signer.link(rule, 'revoke')), keys, T0)).toMatchObject({ ok: true, claims: { action: 'revoke', target: rule } });
    expect(verifyToken(tokenOf(signer.link(proposalTarget, 'revoke')), keys, T0)).toMatchObject({ ok: false, refusal: 'malformed' });
    expect(verifyToken(tokenOf(signer.link(rule, 'reject')), keys, T0)).toMatchObject({ ok: false, refusal: 'malformed' });
    expect(verifyToken(tokenOf(signer.link({ memberKey: 'ninja:100', psaKey: 'cw:250', recipient: 'o@x.example' }, 'revoke')), keys, T0)).toMatchObject({ ok: false, refusal: 'malformed' });
  });

  it('round-trips a read-only QBR pack link with its own lifetime, and refuses view on anything else or a decision on a pack', async () => {
    const { signer, keys, tokenOf } = await setup();
    const pack = { qbrClientKey: 'cw:250', runDate: '2026-03-01', recipient: 'vcio@contoso-it.example' };
    const url = signer.link(pack, 'view', 45 * 24);
    expect(verifyToken(tokenOf(url), keys, T0)).toMatchObject({ ok: true, claims: { action: 'view', target: pack, expiresAt: new Date(T0.getTime() + 45 * 24 * HOUR) } });
    expect(verifyToken(tokenOf(url), keys, new Date(T0.getTime() + 45 * 24 * HOUR))).toMatchObject({ ok: false, refusal: 'expired' });
    expect(verifyToken(tokenOf(signer.link(pack, 'approve')), keys, T0)).toMatchObject({ ok: false, refusal: 'malformed' });
    expect(verifyToken(tokenOf(signer.link(proposalTarget, 'view')), keys, T0)).toMatchObject({ ok: false, refusal: 'malformed' });
    expect(verifyToken(tokenOf(signer.link({ clientKey: 'cw:250', runDate: '2026-03-01', recipient: 'b@x.example' }, 'view')), keys, T0)).toMatchObject({ ok: false, refusal: 'malformed' });
  });

  it('gives every link its own nonce, so no two links are the same', async () => {
    const { signer, keys, tokenOf } = await setup();
    const a = verifyToken(tokenOf(signer.link(proposalTarget, 'approve')), keys, T0);
    const b = verifyToken(tokenOf(signer.link(proposalTarget, 'approve')), keys, T0);
    expect(a.ok && b.ok && a.claims.nonce !== b.claims.nonce).toBe(true);
  });

  it('refuses a link whose payload was changed (another proposal, another action)', async () => {
    const { signer, keys, tokenOf } = await setup();
    const [payload, signature] = tokenOf(signer.link(proposalTarget, 'reject')).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const forged of [{ ...claims, a: 'a' }, { ...claims, t: { p: 'someone-else' } }, { ...claims, e: (claims.e as number) + 86_400 }]) {
      const token = `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
      expect(verifyToken(token, keys, T0)).toMatchObject({ ok: false, refusal: 'bad-signature' });
    }
  });

  it('refuses any single-character change to the signature', async () => {
    const { signer, keys, tokenOf } = await setup();
    const token = tokenOf(signer.link(proposalTarget, 'approve'));
    const sigStart = token.indexOf('.') + 1;
    fc.assert(
      fc.property(fc.integer({ min: sigStart, max: token.length - 2 }), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), (i, c) => {
        fc.pre(token[i] !== c);
        const tampered = token.slice(0, i) + c + token.slice(i + 1);
        expect(verifyToken(tampered, keys, T0)).toMatchObject({ ok: false, refusal: 'bad-signature' });
      }),
    );
  });

  it('refuses an expired link, and accepts it until the last moment', async () => {
    const { signer, keys, tokenOf } = await setup();
    const token = tokenOf(signer.link(proposalTarget, 'approve'));
    expect(verifyToken(token, keys, new Date(T0.getTime() + 72 * HOUR - 1000)).ok).toBe(true);
    expect(verifyToken(token, keys, new Date(T0.getTime() + 72 * HOUR))).toMatchObject({ ok: false, refusal: 'expired' });
  });

  it('still accepts links signed with a previous key during rotation, and refuses unknown keys', async () => {
    // Links sent while k0 was current...
    const before = await createLinkSigner(approvalConfig({ approvals: { baseUrl: 'https://approvals.contoso-it.example', signingKey: { env: 'TRUEUP_SIGNING_KEY_OLD' }, keyId: 'k0' } }), secrets, () => T0);
    const old = tokenFromPath(new URL(before.link(proposalTarget, 'approve')).pathname)!;
    // ...verify after rotating to k1 with k0 kept as a previous key,
    const { keys } = await setup();
    expect(verifyToken(old, keys, T0)).toMatchObject({ ok: true, claims: { keyId: 'k0' } });
    // ...and are refused once k0 is retired.
    const { keys: retired } = await loadSigningKeys(approvalConfig({ approvals: { baseUrl: 'https://approvals.contoso-it.example', signingKey: { env: 'TRUEUP_SIGNING_KEY' } } }), secrets);
    expect(verifyToken(old, retired, T0)).toMatchObject({ ok: false, refusal: 'unknown-key' });
  });

  it('refuses a link signed by another key under the same key id', async () => {
    const other = createSecretResolver({ ...APPROVAL_ENV, TRUEUP_SIGNING_KEY: 'an-attacker-guess-that-is-long-enough-0000' });
    const forger = await createLinkSigner(approvalConfig(), other, () => T0);
    const { keys } = await setup();
    expect(verifyToken(tokenFromPath(new URL(forger.link(proposalTarget, 'approve')).pathname)!, keys, T0)).toMatchObject({ ok: false, refusal: 'bad-signature' });
  });

  it.each([
    ['', 'empty'],
    ['abc', 'no signature'],
    ['a.b.c', 'three parts'],
    ['bm90IGpzb24.AAAA', 'payload not JSON'],
    [`${Buffer.from('{"k":"k1"}').toString('base64url')}.AAAA`, 'payload missing fields'],
    ['%3Cscript%3E.x', 'not base64url'],
    ['A'.repeat(5000), 'far too long'],
  ])('refuses a malformed token (%s: %s)', async (token) => {
    const { keys } = await setup();
    expect(verifyToken(token, keys, T0)).toMatchObject({ ok: false, refusal: 'malformed' });
  });

  it('refuses to sign with a short key', async () => {
    const weak = createSecretResolver({ ...APPROVAL_ENV, TRUEUP_SIGNING_KEY: 'short' });
    await expect(createLinkSigner(approvalConfig(), weak)).rejects.toThrow(/at least 32 random characters/);
  });

  it('finds the token in a request path, with or without a prefix', () => {
    expect(tokenFromPath('/approval/abc.def')).toBe('abc.def');
    expect(tokenFromPath('/prod/approval/abc.def/')).toBe('abc.def');
    expect(tokenFromPath('/')).toBeNull();
    expect(tokenFromPath('/approval/')).toBeNull();
  });
});
