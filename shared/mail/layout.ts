import { html, safeHref, type HtmlValue, type SafeHtml } from './escape';

/**
 * The shell and building blocks every email shares. Mail clients are the constraint: layout by
 * tables (role="presentation" so screen readers skip them), inline styles (some clients drop
 * <style>), one 640px column that shrinks to a phone, no scripts, no SVG, no web fonts.
 * Colours keep at least 4.5:1 contrast on their background.
 */

export const COLORS = {
  text: '#1f2937',
  muted: '#4b5563',
  page: '#f3f4f6',
  card: '#ffffff',
  rule: '#d1d5db',
  link: '#1d4ed8',
  bar: '#2563eb',
  good: '#166534',
  warnText: '#7c2d12',
  warnBg: '#fff7ed',
  warnRule: '#c2410c',
  bad: '#991b1b',
} as const;

const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export interface EmailParts {
  title: string;
  /** The inbox preview line. */
  preheader: string;
  body: HtmlValue;
  footer: HtmlValue;
}

export function emailDocument(p: EmailParts): string {
  return html`<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${p.title}</title>
<style>
  body { margin: 0; padding: 0; -webkit-text-size-adjust: 100%; }
  table { border-collapse: collapse; }
  @media (max-width: 480px) {
    .px { padding-left: 16px !important; padding-right: 16px !important; }
    .stack { display: block !important; width: 100% !important; box-sizing: border-box; }
    .hide-narrow { display: none !important; }
    h1 { font-size: 22px !important; }
  }
</style>
</head>
<body style="margin:0;padding:0;background:${COLORS.page};">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;">${p.preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${COLORS.page};">
<tr><td align="center" style="padding:16px 8px;">
<!--[if mso]><table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:640px;width:100%;background:${COLORS.card};border:1px solid ${COLORS.rule};border-radius:8px;">
<tr><td class="px" style="padding:24px 32px;font-family:${FONT};font-size:15px;line-height:1.5;color:${COLORS.text};overflow-wrap:break-word;">
${p.body}
</td></tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:640px;width:100%;">
<tr><td class="px" style="padding:16px 32px;font-family:${FONT};font-size:13px;line-height:1.5;color:${COLORS.muted};">
${p.footer}
</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`.value;
}

export const h1 = (text: HtmlValue): SafeHtml => html`<h1 style="margin:0 0 8px;font-size:26px;line-height:1.25;color:${COLORS.text};">${text}</h1>`;

export const h2 = (text: HtmlValue): SafeHtml =>
  html`<h2 style="margin:28px 0 8px;padding-top:16px;border-top:1px solid ${COLORS.rule};font-size:18px;line-height:1.3;color:${COLORS.text};">${text}</h2>`;

export const h3 = (text: HtmlValue): SafeHtml => html`<h3 style="margin:16px 0 4px;font-size:16px;line-height:1.3;color:${COLORS.text};">${text}</h3>`;

export const p = (content: HtmlValue, muted = false): SafeHtml =>
  html`<p style="margin:0 0 12px;color:${muted ? COLORS.muted : COLORS.text};">${content}</p>`;

export const strong = (content: HtmlValue): SafeHtml => html`<strong>${content}</strong>`;

export const link = (href: string, label: HtmlValue): SafeHtml =>
  html`<a href="${safeHref(href)}" style="color:${COLORS.link};text-decoration:underline;">${label}</a>`;

export const list = (items: HtmlValue[]): SafeHtml =>
  html`<ul style="margin:0 0 12px;padding-left:20px;">${items.map((i) => html`<li style="margin:0 0 4px;">${i}</li>`)}</ul>`;

/** A boxed message that must be read first: a stale source, shadow mode. Text says it; colour only helps. */
export const notice = (title: HtmlValue, content: HtmlValue): SafeHtml =>
  html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;">
<tr><td style="padding:12px 16px;background:${COLORS.warnBg};border-left:4px solid ${COLORS.warnRule};color:${COLORS.warnText};">
<p style="margin:0 0 4px;font-weight:bold;color:${COLORS.warnText};">${title}</p>${content}
</td></tr></table>`;

/** A link styled as a button; a table cell so Outlook keeps the padding. */
export function button(href: string, label: HtmlValue, variant: 'primary' | 'secondary' = 'primary'): SafeHtml {
  const bg = variant === 'primary' ? COLORS.good : COLORS.card;
  const fg = variant === 'primary' ? '#ffffff' : COLORS.bad;
  return html`<td style="padding:0 8px 8px 0;"><a href="${safeHref(href)}" style="display:inline-block;padding:8px 16px;border-radius:6px;border:2px solid ${variant === 'primary' ? COLORS.good : COLORS.bad};background:${bg};color:${fg};font-weight:bold;text-decoration:none;">${label}</a></td>`;
}

export const buttons = (cells: SafeHtml[]): SafeHtml =>
  html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 8px;"><tr>${cells}</tr></table>`;

export interface Kpi {
  label: string;
  value: string;
  note?: HtmlValue;
}

/** Headline figures side by side on a desktop, stacked on a phone. */
export function kpis(items: Kpi[]): SafeHtml {
  const width = `${Math.floor(100 / items.length)}%`;
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 8px;"><tr>${items.map(
    (k) => html`<td class="stack" width="${width}" valign="top" style="padding:8px 8px 8px 0;">
<p style="margin:0;font-size:13px;color:${COLORS.muted};">${k.label}</p>
<p style="margin:0;font-size:22px;font-weight:bold;line-height:1.3;color:${COLORS.text};">${k.value}</p>
${k.note ? html`<p style="margin:0;font-size:13px;color:${COLORS.muted};">${k.note}</p>` : ''}
</td>`,
  )}</tr></table>`;
}

export interface Column {
  label: string;
  align?: 'left' | 'right';
  /** Dropped on a phone when the table would not fit. */
  optional?: boolean;
}

/** A real data table: a caption and header cells with scope, so a screen reader reads it as one. */
export function dataTable(caption: string, columns: Column[], rows: HtmlValue[][]): SafeHtml {
  const cell = (c: Column | undefined, content: HtmlValue, header: boolean) => {
    const style = `padding:6px 8px 6px 0;border-bottom:1px solid ${COLORS.rule};text-align:${c?.align ?? 'left'};vertical-align:top;font-size:14px;`;
    const cls = c?.optional ? 'hide-narrow' : null;
    return header
      ? html`<th scope="col"${cls ? html` class="${cls}"` : ''} style="${style}color:${COLORS.muted};font-weight:bold;">${content}</th>`
      : html`<td${cls ? html` class="${cls}"` : ''} style="${style}">${content}</td>`;
  };
  return html`<table width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 12px;width:100%;">
<caption style="text-align:left;font-size:13px;color:${COLORS.muted};padding:0 0 4px;">${caption}</caption>
<thead><tr>${columns.map((c) => cell(c, c.label, true))}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((content, i) => cell(columns[i], content, false))}</tr>`)}</tbody>
</table>`;
}

/** `amounts` says what the email's dollar figures are: $/month for seats, one-off for labor. */
export const footer = (mspName: string, why: string, amounts = 'Amounts are per month unless marked otherwise.'): SafeHtml =>
  html`<p style="margin:0 0 4px;">Sent by Trueup for ${mspName}. ${why}</p><p style="margin:0;">${amounts}</p>`;
