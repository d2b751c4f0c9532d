import type { SourceConfig } from '../config/schema';
import type { VendorKind } from '../domain/model';
import type { WebLinks } from '../domain/reconcile';

/**
 * Deep links into the vendors' web apps, for the people reading an email or a confirm page.
 * `webUrl` is the address the source's web app opens at (no trailing slash needed). Every
 * pattern is inferred from what the apps show in the address bar, not from a vendor document [I];
 * a vendor or record with no known pattern gets no link rather than a guessed one.
 *
 * | vendor      | webUrl example                                   | agreement page                                                          | client page                                   |
 * |-------------|--------------------------------------------------|-------------------------------------------------------------------------|-----------------------------------------------|
 * | connectwise | https://na.myconnectwise.net/v4_6_release        | /ConnectWise.aspx?routeTo=AgreementFV&recid={id}                       | /ConnectWise.aspx?routeTo=CompanyFV&recid={id} |
 * | autotask    | https://ww5.autotask.net (the zone's WebUrl)     | /Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenContract&ContractID={id} | ...?Code=OpenAccount&AccountID={id}   |
 * | halopsa     | https://yourco.halopsa.com                       | /contracts?id={id}; recurring invoices /recurringinvoices?id={id}      | /customers?clientid={id}                      |
 * | syncro      | https://yourco.syncromsp.com                     | /contracts/{id}; schedules /schedules/{id}                             | /customers/{id}                               |
 * | ninjaone    | https://app.ninjarmm.com                         | -                                                                       | /#/customerDashboard/{id}/overview            |
 * | dattormm    | -                                                | -                                                                       | none: sites are addressed by uid, not kept    |
 * | pax8        | https://app.pax8.com                             | -                                                                       | /companies/{id}                               |
 */

type Pattern = (id: string) => string | undefined;
interface VendorPatterns {
  agreement?: Pattern;
  client?: Pattern;
}

const enc = encodeURIComponent;
/** Ids Trueup prefixed to keep two record kinds apart (each vendor's map.ts under shared/connectors/vendors). */
const prefixed = (id: string, prefix: string): string | undefined => (id.startsWith(prefix) ? id.slice(prefix.length) : undefined);

const PATTERNS: Record<VendorKind, VendorPatterns> = {
  connectwise: { agreement: (id) => `/ConnectWise.aspx?routeTo=AgreementFV&recid=${enc(id)}`, client: (id) => `/ConnectWise.aspx?routeTo=CompanyFV&recid=${enc(id)}` },
  autotask: {
    agreement: (id) => `/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenContract&ContractID=${enc(id)}`,
    client: (id) => `/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenAccount&AccountID=${enc(id)}`,
  },
  halopsa: {
    agreement: (id) => {
      const invoice = prefixed(id, 'recurring-invoice-');
      return invoice ? `/recurringinvoices?id=${enc(invoice)}` : `/contracts?id=${enc(id)}`;
    },
    client: (id) => `/customers?clientid=${enc(id)}`,
  },
  syncro: {
    agreement: (id) => {
      const schedule = prefixed(id, 'schedule-');
      return schedule ? `/schedules/${enc(schedule)}` : `/contracts/${enc(id)}`;
    },
    client: (id) => `/customers/${enc(id)}`,
  },
  ninjaone: { client: (id) => `/#/customerDashboard/${enc(id)}/overview` },
  dattormm: {},
  pax8: { client: (id) => `/companies/${enc(id)}` },
};

/** Links for every configured source with a webUrl; undefined where there is none. */
export function webLinksFor(sources: readonly SourceConfig[]): WebLinks {
  const bySource = new Map(sources.map((s) => [s.id, s]));
  const build = (target: keyof VendorPatterns) => (sourceId: string, externalId: string) => {
    const source = bySource.get(sourceId);
    if (!source?.webUrl) return undefined;
    const path = PATTERNS[source.kind][target]?.(externalId);
    return path ? `${source.webUrl.replace(/\/+$/, '')}${path}` : undefined;
  };
  return { agreement: build('agreement'), client: build('client') };
}
