import { barChart } from './chart';
import { html, type HtmlValue } from './escape';
import { dataTable, emailDocument, footer, h1, h2, h3, kpis, link, list, notice, p, strong } from './layout';
import type { Block, EmailView, Inline, Section } from './view';

/** An email view as HTML, through the shared layout helpers: one rule per kind of block. */
export function renderHtml(v: EmailView): string {
  return emailDocument({ title: v.subject, preheader: v.preheader, body: v.sections.map(sectionHtml), footer: footer(v.footer.mspName, v.footer.why) });
}

const sectionHtml = (s: Section): HtmlValue => [s.title === null ? null : h2(s.title), s.blocks.map(blockHtml)];

export function inlineHtml(i: Inline): HtmlValue {
  if (typeof i === 'string') return i;
  if ('strong' in i) return strong(i.strong);
  if ('href' in i) return link(i.href, i.label);
  return i.map(inlineHtml);
}

function blockHtml(b: Block): HtmlValue {
  switch (b.kind) {
    case 'paragraph':
      return p(inlineHtml(b.content), b.muted);
    case 'notice':
      return notice(`${b.alarm} ${b.title}`, html`${list(b.items)}${b.note ? html`<p style="margin:0;">${b.note}</p>` : ''}`);
    case 'headline':
      return [h1(b.title), p(inlineHtml(b.summary), true), kpis(b.kpis)];
    case 'chart':
      return barChart(b.caption, b.bars);
    case 'list':
      return [b.title ? h3(b.title) : null, list(b.items), b.note ? p(b.note, true) : null];
    case 'table': {
      const more = b.more ? [[b.more, ...Array<string>(b.columns.length - 1).fill('')]] : [];
      return dataTable(b.caption, b.columns, [...b.rows.map((r) => r.cells.map(inlineHtml)), ...more]);
    }
  }
}
