import type { Bar } from './chart';
import type { Column } from './layout';

/**
 * An email as data: an ordered list of sections, each a heading and typed blocks. A builder
 * (e.g. buildDigestView) decides what is said; renderHtml and renderText (view-html.ts,
 * view-text.ts) decide only how, for any section, so nothing is written once per format.
 *
 * To add a section to an email: write a function `(model) => Section | null` that returns its
 * heading and blocks (null leaves the section out), and put it in the builder's list where it
 * should appear. A table row gives its cells for HTML; its plain-text line defaults to the cells
 * joined with ", " and may be phrased as a sentence in `line` instead. Nothing else to touch.
 */

/** Text with a little markup: plain text, bold, a link, or a run of these. */
export type Inline = string | { strong: string } | { href: string; label: string } | readonly Inline[];

export interface TableRow {
  cells: Inline[];
  /** The row in the plain-text part (without the bullet); the cells joined when absent. */
  line?: string;
  /** Lines printed as they are under the row's bullet in the plain-text part: links spelled out. */
  extra?: string[];
}

export type Block =
  | { kind: 'paragraph'; content: Inline; muted?: boolean }
  /**
   * A boxed message read before any figure: a source that failed, suspect data. Its title is
   * `alarm` then `title`; the plain-text part, with no box, shouts the alarm in capitals.
   */
  | { kind: 'notice'; alarm: string; title: string; items: string[]; note: string | null }
  /** The big figure, a sentence under it and the key figures side by side. */
  | { kind: 'headline'; title: string; summary: Inline; kpis: Array<{ label: string; value: string; note?: string }> }
  | { kind: 'chart'; caption: string; bars: Bar[] }
  /** A bulleted list, under a subheading when it has a title. */
  | { kind: 'list'; title?: string; items: string[]; note?: string | null }
  /**
   * A data table. `more` sums the rows that were cut, in a closing row. `lead` introduces the
   * rows in the plain-text part (where there are no captions), which then indents them.
   */
  | { kind: 'table'; caption: string; columns: Column[]; rows: TableRow[]; more?: string | null; lead?: string };

/** The common paragraph: a grey sentence that explains or says a list is empty. */
export const muted = (content: Inline): Block => ({ kind: 'paragraph', muted: true, content });

export interface Section {
  /** Null for the part above the first heading. */
  title: string | null;
  blocks: Block[];
}

export interface EmailView {
  subject: string;
  /** The inbox preview line. */
  preheader: string;
  sections: Section[];
  footer: { mspName: string; why: string };
}
