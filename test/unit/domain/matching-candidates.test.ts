import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareNames, MATCH_THRESHOLDS, nameProfile } from '../../../shared/domain/matching';
import { candidateIndex, sketch } from '../../../shared/domain/matching/candidates';

/**
 * The matcher scores a name only against the PSA names its candidate index returns, and skips
 * those whose ceiling is under the floor. Scoring every pair (brute force) must find nothing they
 * drop: every PSA name scoring from the candidate floor up is a candidate, and its ceiling reaches
 * each bar its score reaches.
 */
function missed(outside: string[], psa: string[]): string[] {
  const entries = psa.map((name) => ({ sketch: sketch(nameProfile(name)), value: name }));
  const index = candidateIndex(entries);
  const out: string[] = [];
  for (const a of outside) {
    const s = sketch(nameProfile(a));
    const found = new Set(index.candidates(s));
    for (const b of entries) {
      const { score } = compareNames(nameProfile(a), nameProfile(b.value));
      if (score < MATCH_THRESHOLDS.candidate) continue;
      if (!found.has(b.value)) out.push(`"${a}" / "${b.value}" (${score}): not a candidate`);
      for (const floor of [MATCH_THRESHOLDS.candidate, MATCH_THRESHOLDS.suggest, MATCH_THRESHOLDS.auto])
        if (score >= floor && !index.reaches(s, b.sketch, floor)) out.push(`"${a}" / "${b.value}" (${score}): ceiling under ${floor}`);
    }
  }
  return out;
}

/** A small seeded generator (mulberry32): the same names every run. */
function random(seed: number): () => number {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['blue', 'water', 'bluewater', 'north', 'star', 'northstar', 'contoso', 'contosso', 'dental', 'dentals', 'lab', 'labs', 'laboratory', 'partner', 'partners', 'group', 'services', 'svcs', 'center', 'ctr', 'mfg', 'manufacturing', 'litware', 'litwear', 'accounting', 'acounting', 'the', 'and', 'inc', 'llc', 'co', '12', '14', 'store', 'stores', 'a', 'b', 'ab'];
const SITES = ['', '', '', ' - Warehouse', ' (Downtown)', ' - Store 12', ' (North)'];

function names(rand: () => number, count: number): string[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  return Array.from({ length: count }, () => {
    const words = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(WORDS));
    const name = words.map((w) => (rand() < 0.3 ? w.toUpperCase() : w)).join(rand() < 0.1 ? '-' : ' ');
    return name + pick(SITES);
  });
}

describe('the candidate index and score ceilings against scoring every pair', () => {
  it('drop no pair of the labelled corpus', () => {
    const corpus = JSON.parse(readFileSync(new URL('../../fixtures/matching-corpus.json', import.meta.url), 'utf8')) as { pairs: Array<{ a: string; b: string }> };
    const outside = [...new Set(corpus.pairs.map((p) => p.a))];
    const psa = [...new Set(corpus.pairs.map((p) => p.b))];
    expect(outside.length).toBeGreaterThan(200);
    expect(missed(outside, psa)).toEqual([]);
  });

  it('drop no pair among random names built from joins, plurals, abbreviations, misspellings, numbers and sites', () => {
    const rand = random(20261129);
    let scored = 0;
    for (let round = 0; round < 10; round++) {
      const psa = names(rand, 150);
      const outside = names(rand, 150);
      scored += outside.filter((a) => psa.some((b) => compareNames(nameProfile(a), nameProfile(b)).score >= MATCH_THRESHOLDS.candidate)).length;
      expect(missed(outside, psa)).toEqual([]);
    }
    // The sets are alike enough to test something: most names have a candidate.
    expect(scored).toBeGreaterThan(1000);
  });
});
