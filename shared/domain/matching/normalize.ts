/**
 * A client name reduced to the words that identify it, with a note of every change made on the
 * way, so a match can say why it was made. "The Blue Water Mfg Co. - Warehouse" becomes the
 * tokens [blue, water, manufacturing] plus the site "- Warehouse".
 */

export interface NameProfile {
  /** As the vendor wrote it. */
  original: string;
  /** Canonical words, the site part included. */
  full: string[];
  /** Canonical words without the site part; the same as `full` when there is none. */
  core: string[];
  /** A site or campus part as written ("- Warehouse", "(Downtown)"), or null. */
  site: string | null;
  /** Abbreviations expanded, as the person reading a reason would say them: "Mfg -> Manufacturing". */
  expanded: string[];
}

const LEGAL_SUFFIXES = new Set(['inc', 'incorporated', 'llc', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'pllc', 'plc', 'gmbh', 'llp', 'lp', 'pc', 'pa']);
/** Words that carry no identity anywhere in a name. */
const FILLER = new Set(['the', 'and', 'of']);

/**
 * Abbreviation -> canonical word. Plurals and spellings collapse to one form so "Svcs",
 * "Service" and "Services" compare equal. "Assoc" is read as Associates, the common firm-name use [I].
 */
const ABBREVIATIONS: Record<string, string> = {
  mfg: 'manufacturing', mfr: 'manufacturing', manuf: 'manufacturing',
  hosp: 'hospital',
  svc: 'services', svcs: 'services', srvcs: 'services', serv: 'services', service: 'services',
  intl: 'international',
  assoc: 'associates', assocs: 'associates', assn: 'association',
  ctr: 'center', cntr: 'center', centre: 'center', centers: 'center', centres: 'center',
  grp: 'group',
  dept: 'department', univ: 'university', natl: 'national',
  med: 'medical', hlth: 'health', clin: 'clinic', lab: 'laboratory', labs: 'laboratory', laboratories: 'laboratory',
  bros: 'brothers', mgmt: 'management', mgt: 'management',
  tech: 'technology', technologies: 'technology', techs: 'technology',
  sys: 'systems', acct: 'accounting', acctg: 'accounting', ins: 'insurance',
  eng: 'engineering', engr: 'engineering', engg: 'engineering', dev: 'development',
  inst: 'institute', fdn: 'foundation', sch: 'school', dist: 'district', govt: 'government',
  mtn: 'mountain', mt: 'mount', ft: 'fort', hts: 'heights', vly: 'valley', twp: 'township',
};

/** Words that name a kind of organization rather than which one: dropping or adding one keeps the identity. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set([
  'group', 'center', 'company', 'companies', 'associates', 'partners', 'holdings', 'enterprises', 'services', 'solutions', 'international', 'office', 'offices',
]);

/** Site or campus parts: after a spaced dash, or in parentheses. */
const DASH_SITE = /\s+[-\u2013\u2014]\s+(.+)$/;
const PAREN_SITE = /\s*\(([^()]*)\)/g;

export function nameProfile(name: string): NameProfile {
  const plain = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').trim();
  const sites: string[] = [];
  let core = plain.replace(PAREN_SITE, (m) => {
    sites.push(m.trim());
    return ' ';
  });
  const dash = DASH_SITE.exec(core);
  if (dash) {
    sites.unshift(dash[0].trim());
    core = core.slice(0, dash.index);
  }
  const expanded: string[] = [];
  const coreTokens = canonicalTokens(core, expanded);
  const siteTokens = canonicalTokens(sites.map((s) => s.replace(/^[-\u2013\u2014]\s*|[()]/g, '')).join(' '), expanded);
  const hasSite = sites.length > 0 && coreTokens.length > 0 && siteTokens.length > 0;
  return {
    original: name,
    full: hasSite ? withoutLegalSuffix([...coreTokens, ...siteTokens]) : coreTokens.length ? coreTokens : siteTokens,
    core: coreTokens.length ? coreTokens : siteTokens,
    site: hasSite ? sites.join(' ') : null,
    expanded: [...new Set(expanded)],
  };
}

/** The identity key of a name: equal keys are the same company as far as the name can tell. */
export function normalizeName(name: string): string {
  return nameProfile(name).full.join(' ');
}

function canonicalTokens(text: string, expanded: string[]): string[] {
  const words = text
    .toLowerCase()
    .replace(/&/g, ' and ')
    // "O'Brien" and "A.B.C." are one word each.
    .replace(/['\u2019.]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !FILLER.has(w));
  const tokens = words.map((w) => {
    const canonical = ABBREVIATIONS[w];
    if (!canonical) return w;
    // Plurals and spellings (Service, Centre) are not worth a mention; abbreviations are.
    if (w.length < canonical.length - 2) expanded.push(`${capitalize(w)} -> ${capitalize(canonical)}`);
    return canonical;
  });
  return withoutLegalSuffix(tokens);
}

function withoutLegalSuffix(tokens: string[]): string[] {
  const out = [...tokens];
  while (out.length > 1 && LEGAL_SUFFIXES.has(out[out.length - 1]!)) out.pop();
  return out;
}

const capitalize = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
