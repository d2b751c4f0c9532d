import { barChartText } from './chart';
import { bullet, textDocument, textSection } from './text';
import type { Block, EmailView, Inline, Section } from './view';

/** An email view as the plain-text part: the same sections, headings underlined, rows as bullets. */
export function renderText(v: EmailView): string {
  return textDocument([
    ...v.sections.flatMap(sectionText),
    `Sent by Trueup for ${v.footer.mspName}. ${v.footer.why} Amounts are per month unless marked otherwise.`,
  ]);
}

/** A titled section is one part; above the first heading each block is its own part. */
function sectionText(s: Section): string[] {
  if (s.title !== null) return [textSection(s.title, s.blocks.flatMap(blockLines))];
  return s.blocks.map((b) => (b.kind === 'notice' ? textSection(`${b.alarm.toUpperCase()} ${b.title}`, blockLines(b)) : blockLines(b).join('\n')));
}

export function inlineText(i: Inline): string {
  if (typeof i === 'string') return i;
  if ('strong' in i) return i.strong;
  if ('href' in i) return `${i.label}: ${i.href}`;
  return i.map(inlineText).join('');
}

function blockLines(b: Block): string[] {
  switch (b.kind) {
    case 'paragraph':
      return [inlineText(b.content)];
    case 'notice':
      return [...b.items.map((l) => bullet(l)), ...(b.note ? [b.note] : [])];
    case 'headline':
      return [b.title, inlineText(b.summary), ...b.kpis.map((k) => `${k.label}: ${k.value}${k.note ? ` (${inlineText(k.note)})` : ''}`)];
    case 'chart':
      return barChartText(b.bars);
    case 'list':
      return b.title ? [`${b.title}:`, ...b.items.map((l) => bullet(l, 2)), ...(b.note ? [`  ${b.note}`] : [])] : [...b.items.map((l) => bullet(l)), ...(b.note ? [b.note] : [])];
    case 'table': {
      const indent = b.lead ? 2 : 0;
      const rows = b.rows.flatMap((r) => [bullet(r.line ?? r.cells.map(inlineText).filter(Boolean).join(', '), indent), ...(r.extra ?? [])]);
      return [...(b.lead ? [b.lead] : []), ...rows, ...(b.more ? [bullet(b.more, indent)] : [])];
    }
  }
}
