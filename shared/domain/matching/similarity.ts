import { GENERIC_WORDS, type NameProfile } from './normalize';

/**
 * How alike two client names are, 0..1, and the steps that made them alike. Exact agreements
 * score in fixed tiers (the same words; the same after joining split words; the same but for
 * generic words like Group or Center); a site part dropped costs a little. Anything looser is
 * a blend of token-set and character similarity, capped below the auto-match threshold: a
 * person confirms those.
 */

export interface Comparison {
  score: number;
  /** What had to happen for the names to agree, in reading order. */
  steps: string[];
}

export const TIERS = { same: 1, joined: 0.97, generic: 0.93 } as const;
/** Dropping a site part ("- Warehouse") costs this much. */
export const SITE_COST = 0.03;
/** Looser likeness never auto-matches. */
export const FUZZY_CAP = 0.89;
/** Two words this alike (Jaro-Winkler) are read as one misspelt, for partial credit only. */
export const TYPO_SIMILARITY = 0.92;
export const TYPO_CREDIT = 0.7;
const GENERIC_WEIGHT = 0.3;

/**
 * `floor`: a caller that drops scores below it (the matcher keeps candidates from 0.4) lets a
 * loose comparison stop, scoring 0, once it cannot reach the floor; scores at or above it are
 * exact. Most names sharing only a word start end there, before the costly character part.
 */
export function compareNames(a: NameProfile, b: NameProfile, floor = 0): Comparison {
  let best: Comparison = { score: 0, steps: [] };
  for (const [x, xSite] of variants(a))
    for (const [y, ySite] of variants(b)) {
      const c = compareTokens(x, y, floor);
      const dropped = [xSite, ySite].filter((s): s is string => s !== null);
      const score = Math.max(0, c.score - SITE_COST * dropped.length);
      if (score > best.score) best = { score, steps: [...c.steps, ...dropped.map((s) => `dropping '${s}'`)] };
    }
  const expanded = [...new Set([...a.expanded, ...b.expanded])];
  if (best.score > 0 && expanded.length) best.steps.unshift(`expanding ${expanded.join(', ')}`);
  return best;
}

/** The name with its site part, and (when it has one) without it. */
function variants(p: NameProfile): Array<[string[], string | null]> {
  return p.site ? [[p.full, null], [p.core, p.site]] : [[p.full, null]];
}

function compareTokens(x0: string[], y0: string[], floor: number): Comparison {
  const steps: string[] = [];
  const [x, y] = alignJoins(x0, y0, steps);
  if (sameBag(x, y)) return { score: steps.length ? TIERS.joined : TIERS.same, steps };
  const distinct = (t: string[]) => t.filter((w) => !GENERIC_WORDS.has(w));
  const dx = distinct(x);
  const dy = distinct(y);
  if (dx.length > 0 && sameBag(dx, dy)) {
    const extra = [...x.filter((w) => !dx.includes(w)), ...y.filter((w) => !dy.includes(w))];
    return { score: TIERS.generic, steps: [...steps, `ignoring ${[...new Set(extra)].map((w) => `'${w}'`).join(', ')}`] };
  }
  return fuzzy(x, y, steps, floor);
}

/** Token-set (weighted Dice, misspellings for part credit) blended with character bigrams. */
function fuzzy(x: string[], y: string[], steps: string[], floor: number): Comparison {
  const total = x.reduce((n, w) => n + wordWeight(w), 0) + y.reduce((n, w) => n + wordWeight(w), 0);
  // The most the blend below can give with this much shared: the character part at its best (1).
  const reachable = (sharedAtMost: number) => 0.8 * (total ? (2 * sharedAtMost) / total : 0) + 0.2 >= floor;
  const left = [...y];
  let shared = 0;
  const typos: string[] = [];
  const unmatched: string[] = [];
  for (const w of x) {
    const i = left.findIndex((v) => sameWord(v, w));
    if (i >= 0) {
      shared += wordWeight(w);
      left.splice(i, 1);
    } else unmatched.push(w);
  }
  if (!reachable(shared + TYPO_CREDIT * unmatched.reduce((n, w) => n + wordWeight(w), 0))) return { score: 0, steps };
  for (const w of unmatched) {
    const i = left.findIndex((v) => typoEligible(w) && typoEligible(v) && jaroWinkler(w, v) >= TYPO_SIMILARITY);
    if (i < 0) continue;
    shared += TYPO_CREDIT * wordWeight(w);
    typos.push(`reading '${w}' as '${left[i]}'`);
    left.splice(i, 1);
  }
  if (!reachable(shared)) return { score: 0, steps };
  const tokenScore = total ? (2 * shared) / total : 0;
  const score = 0.8 * tokenScore + 0.2 * bigramDice(x.join(''), y.join(''));
  // Numbered entities ("Store 12", "Store 14") differ in the one word that matters.
  const numbersDiffer = !sameBag(x.filter(hasDigit), y.filter(hasDigit));
  return { score: Math.min(FUZZY_CAP, numbersDiffer ? score / 2 : score), steps: [...steps, ...typos] };
}

/** A generic word counts for less in the token part. */
export const wordWeight = (w: string): number => (GENERIC_WORDS.has(w) ? GENERIC_WEIGHT : 1);

/** Only words this long and without digits are read as misspelt. */
export const typoEligible = (w: string): boolean => w.length >= 5 && !/\d/.test(w);

/** Reads "Blue Water" as "Bluewater" (and the reverse) when the other name writes it joined. */
function alignJoins(x: string[], y: string[], steps: string[]): [string[], string[]] {
  const joinIn = (a: string[], other: string[]): string[] => {
    const want = new Set(other);
    const out: string[] = [];
    for (let i = 0; i < a.length; i++) {
      const pair = a[i]! + (a[i + 1] ?? '');
      if (i + 1 < a.length && want.has(pair) && !a.includes(pair)) {
        steps.push(`reading '${a[i]} ${a[i + 1]}' as '${pair}'`);
        out.push(pair);
        i++;
      } else out.push(a[i]!);
    }
    return out;
  };
  const x1 = joinIn(x, y);
  return [x1, joinIn(y, x1)];
}

const hasDigit = (w: string): boolean => /\d/.test(w);

/** Equal, or equal but for a plural "s". */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 3 && long === `${short}s` && !hasDigit(short);
}

function sameBag(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const left = [...b];
  for (const w of a) {
    const i = left.findIndex((v) => sameWord(v, w));
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aHit = new Array<boolean>(a.length).fill(false);
  const bHit = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (bHit[j] || a[i] !== b[j]) continue;
      aHit[i] = bHit[j] = true;
      matches++;
      break;
    }
  if (matches === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aHit[i]) continue;
    while (!bHit[k]) k++;
    if (a[i] !== b[k++]) transpositions++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] !== undefined && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Sørensen-Dice over character bigrams. */
export function bigramDice(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) grams.set(a.slice(i, i + 2), (grams.get(a.slice(i, i + 2)) ?? 0) + 1);
  let shared = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = grams.get(g) ?? 0;
    if (n > 0) {
      shared++;
      grams.set(g, n - 1);
    }
  }
  return (2 * shared) / (a.length + b.length - 2);
}
