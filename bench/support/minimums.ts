import type { SourceConfig } from '../../shared/config/schema';
import type { DemoVendors } from '../../local/demo/vendors';
import type { LoggedRequest } from '../../local/simulators/harness';
import { VENDOR_LIMITS, type VendorKind } from './vendor-limits';

/** One list (or set of forced per-parent calls) and the fewest requests it can be read in. */
export interface ListCost {
  list: string;
  /** Matches the paths of the requests that read this list in the simulator's log. */
  route: RegExp;
  records: number;
  requests: number;
  /** Token or zone calls: exempt from the vendor's rate limit. */
  auth?: boolean;
}

const pages = (records: number, size: number) => Math.max(1, Math.ceil(records / size));
/** A list that states no end (a cursor) ends only on an empty page: always one request more. */
const pagesToEmptyPage = (records: number, size: number) => Math.ceil(records / size) + 1;
/**
 * A list that ends on a short page (Automate): a short first page is confirmed by one more request,
 * and so is a last page that came full; a short page after full ones is the end.
 */
const pagesToShortPage = (records: number, size: number) =>
  records === 0 ? 1 : records < size ? 2 : records % size === 0 ? records / size + 1 : Math.ceil(records / size);
/**
 * Autotask `in` queries take at most 500 parent ids each [V], and each query answers at least
 * one page of at most 500 [V]: so at least ceil(ids/500) queries and ceil(records/500) pages.
 */
const inQuery = (ids: number, records: number) => (ids === 0 ? 0 : Math.max(Math.ceil(ids / 500), Math.ceil(records / 500)));

type Row = Record<string, unknown>;
const day = (v: unknown) => String(v).slice(0, 10);

/**
 * The fewest requests the vendor's API allows for what the connector must read, counted from
 * what the simulator holds (so it cannot drift from what is served), with the largest page the
 * vendor documents, or the source's own page size where the vendor publishes no maximum.
 * `today` is the night's run date, which the Autotask connector bills against.
 */
export function minimumRequests(source: SourceConfig, sims: DemoVendors, today: string): ListCost[] {
  const size = (configured: number) => VENDOR_LIMITS[source.kind as VendorKind].maxPageSize ?? configured;
  switch (source.kind) {
    case 'connectwise': {
      const s = sims.connectwise.state;
      const companies = s.companies.filter((c) => c.deletedFlag !== true);
      const agreements = s.agreements.filter((a) => a.cancelledFlag !== true);
      return [
        { list: 'company/companies', route: /company\/companies$/, records: companies.length, requests: pages(companies.length, size(source.pageSize)) },
        { list: 'finance/agreements', route: /finance\/agreements$/, records: agreements.length, requests: pages(agreements.length, size(source.pageSize)) },
        // [V] additions are only listed under their agreement (no account-wide list in the spec):
        // at least one call per agreement, however few lines it has.
        {
          list: 'finance/agreements/{id}/additions (one per agreement)', route: /finance\/agreements\/\d+\/additions$/,
          records: agreements.reduce((n, a) => n + (s.additions.get(Number(a.id))?.length ?? 0), 0),
          requests: agreements.reduce((n, a) => n + pages(s.additions.get(Number(a.id))?.length ?? 0, size(source.pageSize)), 0),
        },
      ];
    }
    case 'autotask': {
      const e = sims.autotask.state.entities;
      const owners = new Set(e.Companies.map((c) => c.ownerResourceID).filter((id) => id != null));
      const contracts = e.Contracts.filter((c) => c.contractType === source.recurringContractType);
      // The connector reads lines only for contracts billing today (status Active, dates around today).
      const inForce = new Set(contracts.filter((c) => c.status === 1 && day(c.startDate) <= today && day(c.endDate) >= today).map((c) => c.id));
      const services = e.ContractServices.filter((s) => inForce.has(s.contractID));
      const serviceIds = new Set(services.map((s) => s.id));
      const units = e.ContractServiceUnits.filter((u: Row) => serviceIds.has(u.contractServiceID) && day(u.startDate) <= today && day(u.endDate) >= today);
      const serviceTypes = new Set(services.map((s) => s.serviceID));
      return [
        { list: 'zone lookup', route: /ZoneInformation$/i, records: 1, requests: 1, auth: true },
        { list: 'Companies/query', route: /\/Companies\/query/, records: e.Companies.length, requests: pages(e.Companies.length, 500) },
        { list: 'Resources/query (owners)', route: /\/Resources\/query/, records: owners.size, requests: inQuery(owners.size, owners.size) },
        { list: 'Contracts/query', route: /\/Contracts\/query/, records: contracts.length, requests: pages(contracts.length, 500) },
        { list: 'ContractServices/query (in force)', route: /\/ContractServices\/query/, records: services.length, requests: inQuery(inForce.size, services.length) },
        { list: 'Services/query (by id)', route: /\/Services\/query/, records: serviceTypes.size, requests: inQuery(serviceTypes.size, serviceTypes.size) },
        { list: 'ContractServiceUnits/query (today)', route: /\/ContractServiceUnits\/query/, records: units.length, requests: inQuery(serviceIds.size, units.length) },
      ];
    }
    case 'halopsa': {
      const s = sims.halopsa.state;
      const ps = size(source.pageSize);
      const assets = s.assets.filter((a) => a.inactive !== true);
      const billing = s.invoices.filter((i) => i.disabled !== true);
      const lines = billing.reduce((n, i) => n + i.lines.length, 0);
      return [
        { list: 'auth/token', route: /\/auth\/token$/, records: 1, requests: 1, auth: true },
        // [V3] /Agent answers one bare array.
        { list: 'Agent', route: /\/api\/Agent$/, records: s.agents.length, requests: 1 },
        { list: 'Client', route: /\/api\/Client$/, records: s.clients.length, requests: pages(s.clients.length, ps) },
        { list: 'ClientContract', route: /\/api\/ClientContract$/, records: s.contracts.length, requests: pages(s.contracts.length, ps) },
        { list: 'Asset', route: /\/api\/Asset$/, records: assets.length, requests: pages(assets.length, ps) },
        ...(source.recurringInvoiceMode === 'includelines'
          ? // [V] includelines: the lines come with the paged list.
            [{ list: 'RecurringInvoice?includelines', route: /\/api\/RecurringInvoice$/, records: s.invoices.length, requests: pages(s.invoices.length, ps) }]
          : [
              { list: 'RecurringInvoice', route: /\/api\/RecurringInvoice$/, records: s.invoices.length, requests: pages(s.invoices.length, ps) },
              // [V3] the list omits lines: one GET per recurring invoice that bills.
              { list: 'RecurringInvoice/{id} (one per invoice)', route: /\/api\/RecurringInvoice\/\d+$/, records: lines, requests: billing.length },
            ]),
      ];
    }
    case 'syncro': {
      const s = sims.syncro.state;
      // [V] page sizes are the server's: 100 customers, 50 contracts, 25 schedules. /schedules
      // sends no meta, so only an empty page proves the list has ended.
      return [
        { list: 'customers', route: /\/customers$/, records: s.customers.length, requests: pages(s.customers.length, 100) },
        { list: 'contracts', route: /\/contracts$/, records: s.contracts.length, requests: pages(s.contracts.length, 50) },
        { list: 'schedules (no meta: + empty page)', route: /\/schedules$/, records: s.schedules.length, requests: Math.ceil(s.schedules.length / 25) + 1 },
      ];
    }
    case 'ninjaone': {
      const s = sims.ninjaone.state;
      const ps = size(source.pageSize);
      // The after-cursor states no end: a server may serve fewer rows than asked, so only an
      // empty page proves the list has ended.
      return [
        { list: 'ws/oauth/token', route: /\/ws\/oauth\/token$/, records: 1, requests: 1, auth: true },
        { list: 'v2/organizations (+ empty page)', route: /\/v2\/organizations$/, records: s.organizations.length, requests: pagesToEmptyPage(s.organizations.length, ps) },
        { list: 'v2/devices (+ empty page)', route: /\/v2\/devices$/, records: s.devices.length, requests: pagesToEmptyPage(s.devices.length, ps) },
      ];
    }
    case 'dattormm': {
      const s = sims.dattormm.state;
      const ps = size(source.pageSize);
      return [
        { list: 'auth/oauth/token', route: /\/auth\/oauth\/token$/, records: 1, requests: 1, auth: true },
        { list: 'v2/account/sites', route: /\/v2\/account\/sites$/, records: s.sites.length, requests: pages(s.sites.length, ps) },
        { list: 'v2/account/devices', route: /\/v2\/account\/devices$/, records: s.devices.length, requests: pages(s.devices.length, ps) },
      ];
    }
    case 'kaseyavsa': {
      const s = sims.kaseyavsa.state;
      const ps = size(source.pageSize);
      // TotalRecords states the end: no empty page is needed once the records read reach it.
      return [
        { list: 'auth (session token)', route: /\/api\/v1\.0\/auth$/i, records: 1, requests: 1, auth: true },
        { list: 'system/orgs', route: /\/system\/orgs$/i, records: s.orgs.length, requests: pages(s.orgs.length, ps) },
        { list: 'assetmgmt/agents', route: /\/assetmgmt\/agents$/i, records: s.devices.length, requests: pages(s.devices.length, ps) },
      ];
    }
    case 'automate': {
      const s = sims.automate.state;
      const ps = size(source.pageSize);
      // Bare arrays with no total: a list ends on a short page, confirmed by one more request
      // (a server clamping page sizes looks the same as the end otherwise).
      return [
        { list: 'apitoken', route: /\/apitoken$/i, records: 1, requests: 1, auth: true },
        { list: 'Clients (+ confirming page)', route: /\/Clients$/i, records: s.clients.length, requests: pagesToShortPage(s.clients.length, ps) },
        { list: 'Computers (+ confirming page)', route: /\/Computers$/i, records: s.computers.length, requests: pagesToShortPage(s.computers.length, ps) },
      ];
    }
    case 'pax8': {
      const s = sims.pax8.state;
      const ps = size(source.pageSize);
      const products = new Set(s.subscriptions.map((x) => (x as Row).productId).filter((id) => typeof id === 'string'));
      return [
        { list: 'token', route: /\/v1\/token$/, records: 1, requests: 1, auth: true },
        { list: 'companies', route: /\/v1\/companies$/, records: s.companies.length, requests: pages(s.companies.length, ps) },
        { list: 'subscriptions', route: /\/v1\/subscriptions$/, records: s.subscriptions.length, requests: pages(s.subscriptions.length, ps) },
        // Subscriptions carry only a product id: the name takes one GET per product in use.
        { list: 'products/{id} (one per product in use)', route: /\/v1\/products\/[^/]+$/, records: products.size, requests: products.size },
      ];
    }
  }
}

/** Per list: records, the fewest requests, the requests made and their 429s; then any request no list claims. */
export function requestsByList(sourceId: string, minimum: ListCost[], served: LoggedRequest[]): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = minimum.map((m) => {
    const made = served.filter((r) => m.route.test(r.path));
    return [sourceId, m.list, m.records, m.requests, made.length, made.filter((r) => r.status === 429).length];
  });
  const other = served.filter((r) => !minimum.some((m) => m.route.test(r.path)));
  if (other.length > 0) rows.push([sourceId, `other: ${[...new Set(other.map((r) => `${r.method} ${r.path}`))].slice(0, 3).join(', ')}`, '', 0, other.length, 0]);
  return rows;
}
