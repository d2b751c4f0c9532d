import { apiRoot } from '../../../config/api-root';
import type { QuarantinedRecord, Subscription } from '../../../domain/model';
import { oauth2 } from '../../http/auth';
import { defineConnector } from '../define';
import type { HttpRequest } from '../../http/client';
import { VendorRequestError } from '../../http/errors';
import { pageObjectPages } from '../../http/paging/page-object';
import type { Connector, ConnectorDeps } from '../../types';
import { parseEach } from '../../validate';
import { toClient, toSubscription } from './map';
import { Pax8Company, Pax8Product, Pax8Subscription } from './records';
import { API_ROOT, LIMITS, type Pax8SourceConfig } from './config';

/** Pax8: companies and the subscriptions (licences) bought for them. Read-only. */
export function createPax8Connector(source: Pax8SourceConfig, deps: ConnectorDeps): Connector {
  const vendor = `Pax8 (${source.id})`;
  const authHint =
    `the Pax8 API client id and client secret (${source.id}.clientId, ${source.id}.clientSecret), the token URL (${source.tokenUrl}) ` +
    `and the audience ("${source.audience}"): partner apps use https://api.pax8.com/v1/token with audience https://api.pax8.com, ` +
    `older ones https://login.pax8.com/oauth/token with api://p8p.client`;
  const { http, core } = defineConnector(source, deps, {
    vendor,
    baseUrl: apiRoot(API_ROOT, source).url,
    // [V] client credentials as a JSON body; the token lives 24 h, so one login serves the whole pull.
    auth: oauth2({
      vendor,
      authHint,
      timeoutMs: source.timeoutMs,
      fetch: deps.fetch,
      request: async () => {
        const [clientId, clientSecret] = await Promise.all([
          deps.secrets(source.clientId, `${source.id}.clientId`),
          deps.secrets(source.clientSecret, `${source.id}.clientSecret`),
        ]);
        return {
          url: source.tokenUrl,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ client_id: clientId, client_secret: clientSecret, audience: source.audience, grant_type: 'client_credentials' }),
        };
      },
    }),
    authHint,
    limits: LIMITS,
  });

  const list = async (path: string, query?: HttpRequest['query']): Promise<unknown[]> => {
    const records: unknown[] = [];
    for await (const page of pageObjectPages(http, { path, query }, source.pageSize)) records.push(...page);
    return records;
  };

  /**
   * Catalogue names of the products the subscriptions use: one GET /products/{id} per distinct
   * product. [I] An MSP resells a few dozen products, while the Pax8 catalogue holds thousands
   * (tens of 200-record pages), so asking by id costs fewer requests and grows with the MSP, not
   * with Pax8. One at a time: a few dozen calls do not need concurrency against a 1000/min limit.
   */
  const productNames = async (ids: Iterable<string>): Promise<Map<string, string>> => {
    const names = new Map<string, string>();
    for (const id of ids) {
      try {
        const res = await http.json({ path: `products/${encodeURIComponent(id)}` });
        const product = Pax8Product.safeParse(res.body);
        if (product.success) names.set(id, product.data.name);
      } catch (err) {
        // A product retired from the catalogue: the subscription's own productName stands in.
        if (!(err instanceof VendorRequestError && err.status === 404)) throw err;
      }
    }
    return names;
  };

  return {
    ...core,

    async pull() {
      const quarantined: QuarantinedRecord[] = [];
      const where = (entity: string) => ({ sourceId: source.id, entity });

      const clients = parseEach(await list('companies'), Pax8Company, toClient, where('company'), quarantined);
      // [I] the default order is undocumented; oldest first puts a subscription created mid-pull on
      // the last page instead of shifting the offsets of pages already read.
      const subs = parseEach(await list('subscriptions', { sort: 'createdDate,asc' }), Pax8Subscription, (s) => s, where('subscription'), quarantined);
      const names = await productNames(new Set(subs.map((s) => s.productId)));

      const subscriptions: Subscription[] = [];
      for (const sub of subs) {
        const name = names.get(sub.productId) ?? sub.productName?.trim();
        if (name) subscriptions.push(toSubscription(sub, name));
        else
          quarantined.push({
            ...where('subscription'),
            externalId: sub.id,
            reason: `product ${sub.productId} is not in the Pax8 catalogue and the subscription names no product`,
          });
      }
      return { clients, agreements: [], devices: [], subscriptions, quarantined, warnings: [] };
    },
  };
}
