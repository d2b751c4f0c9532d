import { GENERIC_WORDS, type NameProfile } from './normalize';
import { FUZZY_CAP, jaroWinkler, SITE_COST, TYPO_CREDIT, TYPO_SIMILARITY, typoEligible, wordWeight } from './similarity';

/**
 * Which PSA names a name could score at least `floor` against, without scoring it against all.
 * compareNames gives more than 0.2 only to names sharing a word: the same word or its plural, two
 * adjacent words written joined in the other name, or a misspelling (Jaro-Winkler >= 0.92). The
 * index finds every name sharing one of those, and `bound` is a cheap ceiling on the score of
 * each, from the shared words' weights and the numbers in the names: a name whose ceiling is
 * under the floor is not scored, as its score would be dropped anyway. Neither can drop a name
 * that scores at or above the floor (test/unit/domain/matching-candidates.test.ts checks both
 * against scoring every pair).
 */

interface Word {
  text: string;
  /** The word and its singular: two words the matcher reads as one ("partner", "partners") share a key. */
  keys: string[];
  weight: number;
  generic: boolean;
}

interface Variant {
  words: Word[];
  /** 1 when this is the name without its site part: compareNames charges SITE_COST for it. */
  dropped: number;
  keys: Set<string>;
  /** Adjacent words written joined: "blue water" -> "bluewater". */
  joins: string[];
  /** The words with digits, sorted: numbered names differ in those. */
  numbers: string;
  totalWeight: number;
}

export interface Sketch {
  variants: Variant[];
}

/** Names with no words at all compare equal to each other; they share this key. */
const NO_WORDS = '\u0000';

const keysOf = (w: string): string[] => (w.endsWith('s') ? [w, w.slice(0, -1)] : [w]);

export function sketch(p: NameProfile): Sketch {
  const lists: Array<[string[], number]> = p.site ? [[p.full, 0], [p.core, 1]] : [[p.full, 0]];
  return {
    variants: lists.map(([tokens, dropped]) => {
      const words = tokens.map((text) => ({ text, keys: keysOf(text), weight: wordWeight(text), generic: GENERIC_WORDS.has(text) }));
      return {
        words,
        dropped,
        keys: new Set(tokens.length ? words.flatMap((w) => w.keys) : [NO_WORDS]),
        joins: tokens.slice(1).map((w, i) => tokens[i]! + w),
        numbers: tokens.filter((w) => /\d/.test(w)).sort().join(' '),
        totalWeight: words.reduce((n, w) => n + w.weight, 0),
      };
    }),
  };
}

export interface CandidateIndex<T> {
  /** Every entry whose name could score at or above the candidate floor, in no particular order. */
  candidates(s: Sketch): T[];
  /** False only when compareNames cannot give the two names `floor` or more (`b` one of the entries). */
  reaches(a: Sketch, b: Sketch, floor: number): boolean;
}

/** Room for floating-point rounding between a score and its ceiling, computed in different orders. */
const SLACK = 1e-9;

export function candidateIndex<T>(entries: ReadonlyArray<{ sketch: Sketch; value: T }>): CandidateIndex<T> {
  const byKey = new Map<string, T[]>();
  const vocabulary = new Set<string>();
  for (const { sketch: s, value } of entries)
    for (const v of s.variants) {
      for (const key of new Set([...v.keys, ...v.joins])) push(byKey, key, value);
      for (const w of v.words) if (typoEligible(w.text)) vocabulary.add(w.text);
    }
  const typoWords = [...vocabulary];
  // Misspellings by word, not by name: many names share their words.
  const typos = new Map<string, Set<string>>();
  const misspellings = (w: string): Set<string> => {
    let found = typos.get(w);
    if (!found) {
      found = new Set(typoEligible(w) ? typoWords.filter((v) => v !== w && jaroWinkler(w, v) >= TYPO_SIMILARITY) : []);
      typos.set(w, found);
    }
    return found;
  };

  return {
    candidates(s) {
      const keys = new Set<string>();
      for (const v of s.variants) {
        for (const k of v.keys) keys.add(k);
        for (const j of v.joins) keys.add(j);
        for (const w of v.words) for (const m of misspellings(w.text)) keys.add(m);
      }
      const found = new Set<T>();
      for (const k of keys) for (const value of byKey.get(k) ?? []) found.add(value);
      return [...found];
    },
    reaches(a, b, floor) {
      for (const x of a.variants) for (const y of b.variants) if (pairBound(x, y, floor, misspellings) >= floor - SLACK) return true;
      return false;
    },
  };
}

/**
 * The most compareTokens can give x and y, less the site cost, as compareNames charges it; once
 * it is clear the answer is under `floor`, any number under it.
 */
function pairBound(x: Variant, y: Variant, floor: number, misspellings: (w: string) => Set<string>): number {
  const cost = SITE_COST * (x.dropped + y.dropped);
  // Joined words: not bounded here.
  if (x.joins.some((j) => y.keys.has(j)) || y.joins.some((j) => x.keys.has(j))) return 1 - cost;
  // With no joins, the words with digits are compared as they are; numbers that differ rule out
  // the exact tiers (which need the same words) and halve the fuzzy score.
  const halved = x.numbers !== y.numbers;
  if (halved && FUZZY_CAP / 2 - cost < floor - SLACK) return 0;
  // Every distinctive word shared both ways (the exact tiers): not bounded here.
  if (!halved && covers(x, y) && covers(y, x)) return 1 - cost;
  // Fuzzy: every x word with a partner in y counts in full (a misspelling for part credit), the
  // character part at its best.
  let shared = 0;
  for (const w of x.words) {
    if (hasWord(w, y)) shared += w.weight;
    else if (typoEligible(w.text) && y.words.some((u) => misspellings(w.text).has(u.text))) shared += TYPO_CREDIT * w.weight;
  }
  const total = x.totalWeight + y.totalWeight;
  const blend = 0.8 * (total ? (2 * shared) / total : 0) + 0.2;
  return Math.min(FUZZY_CAP, halved ? blend / 2 : blend) - cost;
}

function hasWord(w: Word, v: Variant): boolean {
  for (const k of w.keys) if (v.keys.has(k)) return true;
  return false;
}

/** Each distinctive word of p has a partner in q. */
function covers(p: Variant, q: Variant): boolean {
  for (const w of p.words) if (!w.generic && !hasWord(w, q)) return false;
  return true;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
