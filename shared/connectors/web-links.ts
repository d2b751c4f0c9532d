import type { SourceConfig } from '../config/schema';
import type { LaborFinding } from '../domain/labor/model';
import type { WebLinks } from '../domain/reconcile';
import { VENDORS } from './vendors';
import type { VendorWebLinks } from './vendors/define';

/**
 * Deep links into the vendors' web apps, for the people reading an email or a confirm page; each
 * vendor's patterns are in its module (shared/connectors/vendors/<kind>/index.ts).
 * `webUrl` is the address the source's web app opens at (no trailing slash needed). Every
 * pattern is inferred from what the apps show in the address bar, not from a vendor document [I];
 * a vendor or record with no known pattern gets no link rather than a guessed one.
 *
 * | vendor      | webUrl example                               | agreement page                                                              | client page                                    | ticket page                                                      | time entry page                            |
 * |-------------|-----------------------------------------------|-----------------------------------------------------------------------------|------------------------------------------------|------------------------------------------------------------------|--------------------------------------------|
 * | connectwise | https://na.myconnectwise.net/v4_6_release     | /ConnectWise.aspx?routeTo=AgreementFV&recid={id}                            | /ConnectWise.aspx?routeTo=CompanyFV&recid={id} | /ConnectWise.aspx?routeTo=ServiceFV&recid={id}                   | /ConnectWise.aspx?routeTo=TimeEntryFV&recid={id} |
 * | autotask    | https://ww5.autotask.net (the zone's WebUrl)  | /Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenContract&ContractID={id} | ...?Code=OpenAccount&AccountID={id}         | ...?Code=OpenTicketDetail&TicketID={id}                          | none: its ticket's page is linked         |
 * | halopsa     | https://yourco.halopsa.com                    | /contracts?id={id}; recurring invoices /recurringinvoices?id={id}           | /customers?clientid={id}                       | /tickets?id={id}                                                 | none: its ticket's page is linked         |
 * | syncro      | https://yourco.syncromsp.com                  | /contracts/{id}; schedules /schedules/{id}                                  | /customers/{id}                                | /tickets/{id}                                                    | none: its ticket's page is linked         |
 * | ninjaone    | https://app.ninjarmm.com                      | -                                                                           | /#/customerDashboard/{id}/overview             | -                                                                | -                                          |
 * | dattormm    | -                                             | -                                                                           | none: sites are addressed by uid, not kept     | -                                                                | -                                          |
 * | automate    | -                                             | -                                                                           | none: [I] no documented client page URL        | -                                                                | -                                          |
 * | pax8        | https://app.pax8.com                          | -                                                                           | /companies/{id}                                | -                                                                | -                                          |
 */

type LinkOf = (sourceId: string, externalId: string) => string | undefined;

/** A link builder per kind of record, over every configured source with a webUrl; undefined where there is none. */
function linkBuilder(sources: readonly SourceConfig[]): (target: keyof VendorWebLinks) => LinkOf {
  const bySource = new Map(sources.map((s) => [s.id, s]));
  return (target) => (sourceId, externalId) => {
    const source = bySource.get(sourceId);
    if (!source?.webUrl) return undefined;
    const path = VENDORS[source.kind].webLinks[target]?.(externalId);
    return path ? `${source.webUrl.replace(/\/+$/, '')}${path}` : undefined;
  };
}

/** Links for every configured source with a webUrl; undefined where there is none. */
export function webLinksFor(sources: readonly SourceConfig[]): WebLinks {
  const build = linkBuilder(sources);
  return { agreement: build('agreement'), client: build('client') };
}

type LaborSubject = Pick<LaborFinding['subject'], 'type' | 'externalId' | 'ticketExternalId'>;

/**
 * Links to a labor finding's records in the PSA's web app: its time entries, and its subject (the
 * entry, ticket or agreement). An entry the PSA gives no page of its own opens its ticket.
 */
export function laborWebLinks(sources: readonly SourceConfig[]): { timeEntry: LinkOf; subject: (sourceId: string, subject: LaborSubject) => string | undefined } {
  const build = linkBuilder(sources);
  const [entry, ticket, agreement] = [build('timeEntry'), build('ticket'), build('agreement')];
  const subject = (sourceId: string, s: LaborSubject) =>
    s.type === 'entry' ? (entry(sourceId, s.externalId) ?? (s.ticketExternalId ? ticket(sourceId, s.ticketExternalId) : undefined)) : (s.type === 'ticket' ? ticket : agreement)(sourceId, s.externalId);
  return { timeEntry: entry, subject };
}
