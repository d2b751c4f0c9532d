import { groupBy } from '../shared/domain/matching';
import { corpusThresholds, ratesAt, scoreCorpus, type ScoredPair } from './support/matching-corpus';
import { formatTable } from './support/table';

/**
 * Scores every labelled pair of the matching corpus and prints precision and recall at the
 * auto-match and suggestion thresholds, recall per variant class, and the pairs each gets wrong.
 *
 *   npm run bench:matching
 */

const pairs = scoreCorpus();
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const positives = pairs.filter((p) => p.same).length;
console.log(`${pairs.length} labelled pairs: ${positives} same client, ${pairs.length - positives} different (near misses included)\n`);

console.log(
  formatTable(
    ['threshold', 'score', 'precision', 'recall', 'true +', 'false +', 'false -'],
    Object.entries(corpusThresholds).map(([name, t]) => {
      const r = ratesAt(pairs, t);
      return [name, t.toFixed(2), pct(r.precision), pct(r.recall), String(r.truePositives), String(r.falsePositives), String(r.falseNegatives)];
    }),
  ),
);

console.log('\nBy class (auto = matched by name alone; suggested = a person is asked):');
console.log(
  formatTable(
    ['class', 'pairs', 'auto', 'suggested', 'below'],
    [...groupBy(pairs, (p) => `${p.same ? 'same' : 'different'}: ${p.kind}`).entries()].map(([kind, ps]) => {
      const auto = ps.filter((p) => p.score >= corpusThresholds.auto).length;
      const suggested = ps.filter((p) => p.score >= corpusThresholds.suggest && p.score < corpusThresholds.auto).length;
      return [kind, String(ps.length), String(auto), String(suggested), String(ps.length - auto - suggested)];
    }),
  ),
);

const show = (title: string, list: ScoredPair[]) => {
  if (list.length === 0) return;
  console.log(`\n${title}:`);
  for (const p of list) console.log(`  ${p.score.toFixed(3)}  "${p.a}" vs "${p.b}"${p.steps.length ? `  (${p.steps.join('; ')})` : ''}`);
};
show('Different clients that would auto-match', pairs.filter((p) => !p.same && p.score >= corpusThresholds.auto));
show('Different clients that would be suggested', pairs.filter((p) => !p.same && p.score >= corpusThresholds.suggest && p.score < corpusThresholds.auto));
show('Same client, not auto-matched', pairs.filter((p) => p.same && p.score < corpusThresholds.auto));
