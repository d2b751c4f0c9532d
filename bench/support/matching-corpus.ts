import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { compareNames, MATCH_THRESHOLDS, nameProfile } from '../../shared/domain/matching';

/**
 * The labelled name pairs in test/fixtures/matching-corpus.json, scored by the matcher, and
 * precision and recall at a threshold: a pair "matches" when its score reaches it.
 */

const Corpus = z.strictObject({
  description: z.string(),
  pairs: z.array(z.strictObject({ a: z.string().min(1), b: z.string().min(1), same: z.boolean(), kind: z.string().min(1) })).min(1),
});

export interface ScoredPair {
  a: string;
  b: string;
  same: boolean;
  kind: string;
  score: number;
  steps: string[];
}

export interface Rates {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

const CORPUS_PATH = new URL('../../test/fixtures/matching-corpus.json', import.meta.url);

export function scoreCorpus(): ScoredPair[] {
  const corpus = Corpus.parse(JSON.parse(readFileSync(CORPUS_PATH, 'utf8')));
  return corpus.pairs.map((p) => ({ ...p, ...compareNames(nameProfile(p.a), nameProfile(p.b)) }));
}

export function ratesAt(pairs: ScoredPair[], threshold: number): Rates {
  const hit = (p: ScoredPair) => p.score >= threshold;
  const truePositives = pairs.filter((p) => p.same && hit(p)).length;
  const falsePositives = pairs.filter((p) => !p.same && hit(p)).length;
  const falseNegatives = pairs.filter((p) => p.same && !hit(p)).length;
  return {
    threshold,
    truePositives,
    falsePositives,
    falseNegatives,
    precision: truePositives + falsePositives ? truePositives / (truePositives + falsePositives) : 1,
    recall: truePositives + falseNegatives ? truePositives / (truePositives + falseNegatives) : 1,
  };
}

export const corpusThresholds = { auto: MATCH_THRESHOLDS.auto, suggest: MATCH_THRESHOLDS.suggest };
