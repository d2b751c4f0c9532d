import { longDate } from '../format';
import { ALL_CLEAR, qualityParts } from '../data-quality';
import { muted, type Block, type Section } from '../view';
import type { DigestFacts } from './facts';

/** The sections about the data behind the figures: what could not be trusted or counted, and how fresh each source was. */

export function dataQualitySection({ m }: DigestFacts): Section | null {
  if (!m.dataQuality) return null;
  const parts = qualityParts(m.dataQuality);
  const blocks: Block[] = parts.length
    ? parts.map((q) => ({ kind: 'list', title: q.heading, items: q.lines, note: q.note }))
    : [muted(ALL_CLEAR)];
  return { title: 'Data quality', blocks };
}

export function freshnessSection({ m }: DigestFacts): Section {
  const newest = (d: string | null) => (d ? longDate(d) : 'never');
  const blocks: Block[] = [
    {
      kind: 'table',
      caption: `Each source on the night of ${longDate(m.runDate)}`,
      columns: [{ label: 'Source' }, { label: 'State' }, { label: 'Newest data' }, { label: 'Quarantined', align: 'right', optional: true }],
      rows: m.sources.map((s) => ({
        cells: [`${s.sourceId} (${s.kind})`, s.state === 'fresh' ? 'fresh' : { strong: s.state.toUpperCase() }, newest(s.lastSuccess), String(s.quarantined)],
        line: `${s.sourceId} (${s.kind}): ${s.state === 'fresh' ? 'fresh' : s.state.toUpperCase()}, newest data ${newest(s.lastSuccess)}, ${s.quarantined} quarantined`,
      })),
    },
  ];
  if (m.sources.some((s) => s.quarantined > 0)) blocks.push(muted('Quarantined records failed validation: they are listed in the run summary and never counted.'));
  return { title: 'Data freshness', blocks };
}
