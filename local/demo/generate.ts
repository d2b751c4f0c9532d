import { addDays } from '../../shared/domain/dates';
import type { DeviceClass } from '../../shared/domain/model';
import { DEMO_HEALTH_CLIENTS, RED_ENDS_IN_DAYS } from './health-plan';
import type { DemoWorld, DeviceFacts, PsaVendor, RmmVendor, WorldAgreement, WorldClient, WorldDevice, WorldProduct, WorldSubscription } from './world';

/**
 * A believable demo MSP, deterministic for a seed: clients spread over the PSAs and RMMs, all
 * with Pax8, names that differ across systems the way they do in real life, and planted gaps
 * (under-billing, over-billing, usage with no PSA line, an unmatched organization, agreements
 * inside and outside the renewal window, stale, unapproved and unclassified devices, a trial and a
 * cancelled subscription). Scaled up, the same generator feeds the connector benchmark.
 */

export interface GenerateOptions {
  seed?: number;
  /** The night the demo runs as (YYYY-MM-DD). */
  asOf: string;
  clients?: number;
  devicesPerClient?: number;
  subscriptionsPerClient?: number;
  agreementsPerClient?: number;
  psaVendors?: PsaVendor[];
  rmmVendors?: RmmVendor[];
}

export const DEMO_PRODUCTS: WorldProduct[] = [
  // Partner costs a little under the PSA prices (DEMO_LINE_PRODUCTS): the licence margin the owner sees.
  { id: '5f3a1c2e-0b6d-4f8e-9a71-1c2d3e4f5a01', name: 'Microsoft 365 Business Premium', vendorName: 'Microsoft', sku: 'MST-MCT-BP-M', requiresCommitment: true, partnerCostCents: 1980 },
  { id: '5f3a1c2e-0b6d-4f8e-9a71-1c2d3e4f5a02', name: 'Microsoft 365 Business Standard', vendorName: 'Microsoft', sku: 'MST-MCT-BS-M', requiresCommitment: true, partnerCostCents: 1125 },
  { id: '5f3a1c2e-0b6d-4f8e-9a71-1c2d3e4f5a03', name: 'Exchange Online (Plan 1)', vendorName: 'Microsoft', sku: 'MST-MCT-EXO1-M', requiresCommitment: false, partnerCostCents: 360 },
  // Sold in Pax8 but mapped by no recipe: shows up as an unmapped product (and, beside Business Standard, as an upgrade).
  { id: '5f3a1c2e-0b6d-4f8e-9a71-1c2d3e4f5a04', name: 'Microsoft Defender for Business', vendorName: 'Microsoft', sku: 'MST-MCT-DFB-M', requiresCommitment: false, partnerCostCents: 270 },
];

/** PSA product, price per unit per month, and where the count comes from. */
export const DEMO_LINE_PRODUCTS = {
  workstation: { product: 'Managed Workstation', unitPriceCents: 4500 },
  server: { product: 'Managed Server', unitPriceCents: 15000 },
  bp: { product: 'Microsoft 365 Business Premium', unitPriceCents: 2200 },
  bs: { product: 'Microsoft 365 Business Standard', unitPriceCents: 1250 },
  exo: { product: 'Exchange Online (Plan 1)', unitPriceCents: 400 },
} as const;

const COMPANY_WORDS = [
  'Northwind Traders', 'Contoso Dental', 'Fabrikam Logistics', 'Adventure Works', 'Tailspin Toys', 'Wingtip Legal',
  'Litware Accounting', 'Proseware Clinic', 'Lucerne Publishing', 'Margie Travel', 'Alpine Ski House', 'Blue Yonder Air',
  'Coho Winery', 'Humongous Insurance', 'Trey Research', 'Woodgrove Credit Union', 'Fourth Coffee', 'Graphic Design Institute',
  'Southridge Video', 'Consolidated Messenger', 'Relecloud Partners', 'VanArsdel Foods', 'Bellows College', 'Datum Engineering',
  'Best For You Organics', 'Tasmanian Traders', 'Wide World Importers', 'Fincher Architects', 'Lamna Healthcare', 'Munson Pickles',
];
const SUFFIXES = [', Inc.', ' LLC', ', Ltd.', ' Corp.', ' PLLC', ''];
const ACCOUNT_MANAGERS = ['dana.reyes@demo-msp.example', 'sam.okafor@demo-msp.example', null];

export function generateDemoWorld(opts: GenerateOptions): DemoWorld {
  const rand = mulberry32(opts.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const asOf = opts.asOf;
  const count = opts.clients ?? 30;
  const devicesPer = opts.devicesPerClient ?? 50;
  const subsPer = opts.subscriptionsPerClient ?? 10;
  const agreementsPer = opts.agreementsPerClient ?? 1;
  const psaVendors = opts.psaVendors ?? ['connectwise', 'autotask', 'halopsa', 'syncro'];
  const rmmVendors = opts.rmmVendors ?? ['ninjaone', 'dattormm', 'automate'];
  const rotation = rmmVendors.filter((v) => v !== 'automate');
  const ids = idFactory();

  const clients: WorldClient[] = [];
  for (let i = 0; i < count; i++) {
    const base = i < COMPANY_WORDS.length ? COMPANY_WORDS[i]! : `${pick(COMPANY_WORDS)} ${Math.floor(i / COMPANY_WORDS.length) + 1}`;
    const psaVendor = psaVendors[i % psaVendors.length]!;
    // Autotask shops tend to run Datto RMM: its sites carry the Autotask company id.
    // ConnectWise shops may run Automate: a few do (every eighth client after the first, clear of the NinjaOne clients tests rename), its clients carrying the PSA company id.
    const automate = psaVendor === 'connectwise' && i > 0 && i % 8 === 0 && rmmVendors.includes('automate');
    const rmmVendor: RmmVendor = automate ? 'automate' : psaVendor === 'autotask' && rotation.includes('dattormm') ? 'dattormm' : (rotation[i % rotation.length] ?? 'automate');
    const psaId = ids.psa(psaVendor);
    const plan = planFor(i, count);

    const devices = makeDevices(devicesPer, rand, ids, asOf, int);
    const counted = countable(devices, asOf);
    const subs = makeSubscriptions(subsPer, ids, asOf, int, rand);
    const seats = (productId: string) => subs.filter((s) => s.productId === productId && s.status === 'Active').reduce((n, s) => n + s.quantity, 0);

    const lines = [
      line(ids, DEMO_LINE_PRODUCTS.workstation, counted.workstations + plan.workstationGap, asOf),
      ...(counted.servers > 0 || plan.serverGap ? [line(ids, DEMO_LINE_PRODUCTS.server, Math.max(0, counted.servers + plan.serverGap), asOf)] : []),
      line(ids, DEMO_LINE_PRODUCTS.bp, Math.max(0, seats(DEMO_PRODUCTS[0]!.id) + plan.m365Gap), asOf),
      // Unbilled usage: the client buys Business Standard in Pax8 but has no PSA line for it.
      ...(plan.noStandardLine ? [] : [line(ids, DEMO_LINE_PRODUCTS.bs, seats(DEMO_PRODUCTS[1]!.id), asOf)]),
      line(ids, DEMO_LINE_PRODUCTS.exo, seats(DEMO_PRODUCTS[2]!.id), asOf),
      // A line cancelled last year must never count as billed.
      { ...line(ids, DEMO_LINE_PRODUCTS.workstation, 5, asOf), cancelledDate: addDays(asOf, -300) },
    ];
    const agreements: WorldAgreement[] = [];
    for (let a = 0; a < agreementsPer; a++) {
      const endIn = a === 0 ? plan.endInDays : int(200, 900);
      agreements.push({
        id: ids.next('agreement'),
        name: a === 0 ? 'Managed Services Agreement' : `Project Retainer ${a}`,
        status: 'active',
        startDate: addDays(asOf, endIn - 3 * 365),
        endDate: plan.evergreen && a === 0 ? null : addDays(asOf, endIn),
        noEndDate: plan.evergreen && a === 0,
        lines: a === 0 ? lines : [],
      });
    }

    clients.push({
      name: base,
      psa: { vendor: psaVendor, id: psaId, name: `${base}${pick(SUFFIXES)}`, accountManagerEmail: pick(ACCOUNT_MANAGERS) },
      agreements,
      rmm:
        plan.noRmm
          ? null
          : {
              vendor: rmmVendor,
              // Automate clients draw from the NinjaOne counter, so no other vendor's ids move.
              id: ids.next(rmmVendor === 'dattormm' ? 'dattoSite' : 'ninjaOrg'),
              uid: ids.uuid(),
              name: base.toUpperCase(),
              autotaskCompanyId: rmmVendor === 'dattormm' && psaVendor === 'autotask' ? psaId : null,
              devices,
            },
      pax8: {
        id: ids.uuid(),
        name: `${base} Inc`.replace(/\s+Inc$/, rand() < 0.5 ? ' Inc' : ''),
        externalId: rand() < 0.5 ? psaId : null,
        subscriptions: subs,
      },
    });
  }

  const orphanDevices = makeDevices(12, rand, ids, asOf, int);
  if (!opts.rmmVendors) moveToKaseyaVsa(clients);
  plantUnclassified(clients, ids, asOf);
  plantDeviceFacts(clients, asOf);
  return {
    asOf,
    clients,
    products: DEMO_PRODUCTS,
    orphans: {
      // A client the RMM manages that billing has never heard of.
      rmm: [{ vendor: rmmVendors[0]!, id: ids.next('ninjaOrg'), uid: ids.uuid(), name: 'Hartley & Sons Plumbing', autotaskCompanyId: null, devices: orphanDevices }],
      pax8: [{ id: ids.uuid(), name: 'Greenfield Veterinary', externalId: null, subscriptions: makeSubscriptions(2, ids, asOf, int, rand) }],
    },
    malformed: {},
  };
}

interface Plan {
  workstationGap: number;
  serverGap: number;
  m365Gap: number;
  noStandardLine: boolean;
  endInDays: number;
  evergreen: boolean;
  noRmm: boolean;
}

/** Which gap each client carries: most are clean, as in a real book of business. */
function planFor(i: number, count: number): Plan {
  const plan: Plan = { workstationGap: 0, serverGap: 0, m365Gap: 0, noStandardLine: false, endInDays: 400 + ((i * 37) % 600), evergreen: false, noRmm: false };
  if (i % 5 === 1) plan.workstationGap = -(3 + (i % 7)); // seats added in the RMM, never billed
  if (i % 7 === 2) plan.m365Gap = -(2 + (i % 5)); // licences bought in Pax8, never billed
  if (i % 9 === 4) plan.workstationGap = 4; // billing for machines long gone: dispute risk
  if (i % 11 === 6) plan.serverGap = -1;
  if (i % 12 === 7) plan.m365Gap = 2; // billing seats given back in Pax8: held if they are committed (NCE)
  if (i % 8 === 3) plan.noStandardLine = true;
  if (i % 10 === 0) plan.endInDays = 95 + (i % 20); // inside the 90-120 day renewal window
  if (i % 13 === 5) plan.endInDays = 60; // too close: already past the window's start
  if (i === count - 2) plan.evergreen = true;
  // The planted red client (health-plan.ts): past the usual window, inside red's, so its alert comes early.
  if (i === DEMO_HEALTH_CLIENTS.red) plan.endInDays = RED_ENDS_IN_DAYS;
  return plan;
}

function line(ids: Ids, p: { product: string; unitPriceCents: number }, quantity: number, asOf: string) {
  return { id: ids.next('line'), product: p.product, quantity, unitPriceCents: p.unitPriceCents, effectiveDate: addDays(asOf, -400), cancelledDate: null };
}

const WORKSTATION_MIX: DeviceClass[] = ['WINDOWS_WORKSTATION', 'WINDOWS_WORKSTATION', 'WINDOWS_WORKSTATION', 'WINDOWS_WORKSTATION', 'MAC', 'LINUX_WORKSTATION'];
const OTHER_MIX: DeviceClass[] = ['WINDOWS_SERVER', 'LINUX_SERVER', 'PRINTER', 'NETWORK', 'MOBILE'];

function makeDevices(n: number, rand: () => number, ids: Ids, asOf: string, int: (lo: number, hi: number) => number): WorldDevice[] {
  const size = Math.max(3, Math.round(n * (0.5 + rand())));
  const out: WorldDevice[] = [];
  for (let d = 0; d < size; d++) {
    const cls = rand() < 0.85 ? WORKSTATION_MIX[int(0, WORKSTATION_MIX.length - 1)]! : OTHER_MIX[int(0, OTHER_MIX.length - 1)]!;
    const r = rand();
    // A few devices are stale (not seen in 30 days), awaiting approval or deleted: none may be billed.
    const lastSeenDays = r < 0.04 ? int(45, 200) : int(0, 5);
    out.push({
      id: ids.next('device'),
      uid: ids.uuid(),
      name: `${cls.startsWith('WINDOWS') ? 'WS' : cls.slice(0, 3)}-${String(d + 1).padStart(3, '0')}`,
      deviceClass: cls,
      lastSeenAt: `${addDays(asOf, -lastSeenDays)}T0${int(0, 9)}:15:00.000Z`,
      approved: !(r > 0.97),
      deleted: r > 0.04 && r < 0.05,
    });
  }
  return out;
}

/**
 * A few NinjaOne shops (every eighth client from the seventh, a HaloPSA one) run Kaseya VSA
 * instead, keeping their ids and devices: no other client, id or random draw moves.
 */
function moveToKaseyaVsa(clients: WorldClient[]): void {
  clients.forEach((c, i) => {
    if (i % 8 === 6 && c.rmm?.vendor === 'ninjaone') c.rmm.vendor = 'kaseyavsa';
  });
}

/**
 * One device whose class its RMM does not state, in the first client of each RMM: counted by no
 * recipe, listed apart. Planted after everything else, so no other id or random draw shifts.
 */
function plantUnclassified(clients: WorldClient[], ids: Ids, asOf: string): void {
  for (const vendor of ['ninjaone', 'dattormm', 'kaseyavsa', 'automate'] as const) {
    const rmm = clients.find((c) => c.rmm?.vendor === vendor)?.rmm;
    rmm?.devices.push({ id: ids.next('device'), uid: ids.uuid(), name: 'NOCLASS-001', deviceClass: 'UNCLASSIFIED', lastSeenAt: `${addDays(asOf, -1)}T06:15:00.000Z`, approved: true, deleted: false });
  }
}

/** The RMMs whose APIs report each fact the simulators serve (DeviceFacts): VSA reports none beyond its OS fields. */
const REPORTS: Record<RmmVendor, { os: boolean; antivirus: boolean; dates: boolean }> = {
  dattormm: { os: true, antivirus: true, dates: true },
  automate: { os: true, antivirus: true, dates: true },
  ninjaone: { os: false, antivirus: false, dates: true },
  kaseyavsa: { os: false, antivirus: false, dates: false },
};
const AV_CLASSES = new Set<DeviceClass>(['WINDOWS_WORKSTATION', 'WINDOWS_SERVER', 'MAC']);
const DATED_CLASSES = new Set<DeviceClass>(['WINDOWS_WORKSTATION', 'WINDOWS_SERVER', 'MAC', 'MAC_SERVER', 'LINUX_WORKSTATION', 'LINUX_SERVER']);

/**
 * What the RMMs report about each machine, for the expansion signals: some Windows 10 and Server
 * 2012 machines (past end of support), some without antivirus, hardware from one to seven years
 * old. Drawn from each device's position, not the random stream, so no other draw moves.
 */
function plantDeviceFacts(clients: WorldClient[], asOf: string): void {
  clients.forEach((c, i) => {
    const reports = c.rmm ? REPORTS[c.rmm.vendor] : null;
    c.rmm?.devices.forEach((d, j) => {
      const k = i * 13 + j;
      const facts: DeviceFacts = {};
      if (reports?.os && d.deviceClass === 'WINDOWS_WORKSTATION') facts.os = k % 5 === 0 ? 'Microsoft Windows 10 Pro 10.0.19045' : 'Microsoft Windows 11 Pro 10.0.22631';
      if (reports?.os && d.deviceClass === 'WINDOWS_SERVER') facts.os = k % 3 === 0 ? 'Microsoft Windows Server 2012 R2 Standard 6.3.9600' : 'Microsoft Windows Server 2022 Standard 10.0.20348';
      if (reports?.antivirus && AV_CLASSES.has(d.deviceClass)) facts.antivirus = k % 7 === 3 ? 'none' : k % 11 === 5 ? 'at-risk' : 'protected';
      if (reports?.dates && DATED_CLASSES.has(d.deviceClass)) {
        facts.builtOn = addDays(asOf, -365 * (1 + (k % 7)) - (k % 90));
        facts.warrantyEndsOn = addDays(facts.builtOn, 3 * 365);
      }
      if (Object.keys(facts).length) d.facts = facts;
    });
  });
}

/** What the default recipes count, so the generator can bill exactly that (plus the planted gap). */
function countable(devices: WorldDevice[], asOf: string): { workstations: number; servers: number } {
  const cutoff = Date.parse(`${addDays(asOf, -30)}T00:00:00Z`);
  const live = devices.filter((d) => d.approved && !d.deleted && Date.parse(d.lastSeenAt) >= cutoff);
  return {
    workstations: live.filter((d) => ['WINDOWS_WORKSTATION', 'MAC', 'LINUX_WORKSTATION'].includes(d.deviceClass)).length,
    servers: live.filter((d) => ['WINDOWS_SERVER', 'LINUX_SERVER', 'MAC_SERVER'].includes(d.deviceClass)).length,
  };
}

function makeSubscriptions(n: number, ids: Ids, asOf: string, int: (lo: number, hi: number) => number, rand: () => number): WorldSubscription[] {
  const out: WorldSubscription[] = [];
  for (let s = 0; s < n; s++) {
    // Defender is sold to a few clients only, and no recipe maps it: an unmapped product.
    const product = s % 4 === 3 && int(0, 5) === 0 ? DEMO_PRODUCTS[3]! : DEMO_PRODUCTS[s % 3]!;
    const annual = product.requiresCommitment && rand() < 0.7;
    const r = rand();
    out.push({
      id: ids.uuid(),
      productId: product.id,
      quantity: int(1, 25),
      status: r < 0.05 ? 'Trial' : r < 0.1 ? 'Cancelled' : 'Active',
      billingTerm: annual ? 'Annual' : 'Monthly',
      commitmentEndDate: annual ? addDays(asOf, int(20, 330)) : null,
      startDate: addDays(asOf, -int(30, 700)),
    });
  }
  return out;
}

interface Ids {
  next(kind: string): string;
  psa(vendor: PsaVendor): string;
  uuid(): string;
}

/** Vendor-shaped ids that never collide across systems (as they can in real life: see matching). */
function idFactory(): Ids {
  const counters = new Map<string, number>();
  const starts: Record<string, number> = { agreement: 1000, line: 5000, device: 100_000, ninjaOrg: 1, dattoSite: 500, connectwise: 250, autotask: 29_683_000, halopsa: 10, syncro: 1_000_000 };
  let uuids = 0;
  return {
    next(kind) {
      const n = (counters.get(kind) ?? starts[kind] ?? 1) + 1;
      counters.set(kind, n);
      return String(n);
    },
    psa(vendor) {
      return this.next(vendor);
    },
    uuid() {
      uuids++;
      const hex = uuids.toString(16).padStart(12, '0');
      return `7a1e0000-0000-4000-8000-${hex}`;
    },
  };
}


/** Small, fast, seedable PRNG: the demo must be the same on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
