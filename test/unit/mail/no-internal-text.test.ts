import { describe, expect, it } from 'vitest';
import { outcomePage } from '../../../shared/approvals/pages';
import { HttpClient } from '../../../shared/connectors/http/client';
import { forLog, type VendorError } from '../../../shared/connectors/http/errors';
import { renderDigest } from '../../../shared/mail/render-digest';
import { renderFinanceBatch } from '../../../shared/mail/render-finance';
import { digestModel, financeModel, proposal } from '../../support/mail-models';

/** A vendor answering with a JSON body that carries an internal marker, as a real error body might. */
const BODY = JSON.stringify({ error: 'invalid_request', message: '[I] internal: quantity field rejected', trace: 'at Foo.Bar()' });

async function vendorError(status: number): Promise<VendorError> {
  const http = new HttpClient({
    vendor: 'ConnectWise PSA (cw)',
    baseUrl: 'https://psa.example/v4_6_release/apis/3.0',
    auth: { headers: async () => ({}) },
    authHint: 'the API keys',
    maxRetries: 0,
    fetch: async () => new Response(BODY, { status, headers: { 'Content-Type': 'application/json' } }),
    sleep: async () => {},
  });
  return http.json({ method: 'PATCH', path: 'finance/agreements/1/additions/2', json: {} }).then(
    () => {
      throw new Error('expected the vendor to refuse');
    },
    (e: unknown) => e as VendorError,
  );
}

const leaks = (s: string) => [/\[I\]/, /\{"/, /internal: quantity/, /Foo\.Bar/].filter((re) => re.test(s));

describe('text people read carries no internal markers and no raw vendor bodies', () => {
  it.each([400, 401, 503])('keeps a vendor\u2019s HTTP %i body out of the message and in the detail for the log', async (status) => {
    const err = await vendorError(status);
    expect(err.message).toContain(`HTTP ${status} on PATCH /v4_6_release/apis/3.0/finance/agreements/1/additions/2`);
    expect(leaks(err.message)).toEqual([]);
    expect(forLog(err)).toEqual({ message: err.message, detail: BODY });
  });

  it('renders a failed write-back on the outcome page, a failed source in the digest and the finance email without them', async () => {
    const err = await vendorError(400);
    const failed = proposal({ status: 'FAILED', decidedAt: '2026-03-02T13:00:00.000Z', decidedBy: 'finance@contoso.example', outcome: `write-back failed: ${err.message}` });
    const page = outcomePage([failed], { currency: 'USD', timeZone: 'America/Chicago', shadowMode: false, now: new Date('2026-03-02T14:00:00Z') }, true).body;
    expect(page).toContain('write-back failed: ConnectWise PSA (cw): HTTP 400');
    expect(leaks(page)).toEqual([]);

    const model = digestModel();
    model.sources[0] = { ...model.sources[0]!, state: 'failed', detail: err.message };
    const digest = renderDigest(model);
    expect(digest.text).toContain('HTTP 400 on PATCH');
    expect(leaks(digest.html)).toEqual([]);
    expect(leaks(digest.text)).toEqual([]);

    const finance = renderFinanceBatch(financeModel());
    expect(leaks(finance.html)).toEqual([]);
    expect(leaks(finance.text)).toEqual([]);
  });
});
