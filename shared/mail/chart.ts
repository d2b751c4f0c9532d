import { html, type SafeHtml } from './escape';
import { COLORS } from './layout';

/**
 * A bar chart made of table cells: the one kind of chart every mail client draws (Outlook and
 * Gmail drop scripts and SVG, and images are blocked by default). Horizontal bars, so labels
 * and values stay readable at phone width; each row states its value in text too.
 */

export interface Bar {
  label: string;
  value: number;
  /** The value as printed. */
  display: string;
}

export function barChart(caption: string, bars: Bar[]): SafeHtml {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const widthOf = (v: number) => (max <= 0 || v <= 0 ? 0 : Math.max(1, Math.round((v / max) * 100)));
  const row = (b: Bar) => {
    const w = widthOf(b.value);
    const fill =
      w > 0
        ? html`<td width="${w}%" bgcolor="${COLORS.bar}" style="background:${COLORS.bar};height:14px;font-size:0;line-height:0;">&nbsp;</td>`
        : '';
    const rest = w < 100 ? html`<td style="font-size:0;line-height:0;">&nbsp;</td>` : '';
    return html`<tr>
<th scope="row" style="padding:3px 8px 3px 0;text-align:left;font-weight:normal;font-size:13px;color:${COLORS.muted};white-space:nowrap;">${b.label}</th>
<td width="70%" style="padding:3px 8px 3px 0;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>${fill}${rest}</tr></table></td>
<td style="padding:3px 0;text-align:right;font-size:13px;white-space:nowrap;">${b.display}</td>
</tr>`;
  };
  return html`<table width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 12px;width:100%;">
<caption style="text-align:left;font-size:13px;color:${COLORS.muted};padding:0 0 4px;">${caption}</caption>
<tbody>${bars.map(row)}</tbody>
</table>`;
}

/** The same chart in the text part: `2 Mar  ##########  $4,210`. */
export function barChartText(bars: Bar[], width = 24): string[] {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const labelWidth = Math.max(0, ...bars.map((b) => b.label.length));
  return bars.map((b) => {
    const n = max <= 0 || b.value <= 0 ? 0 : Math.max(1, Math.round((b.value / max) * width));
    return `${b.label.padEnd(labelWidth)}  ${'#'.repeat(n).padEnd(width)}  ${b.display}`;
  });
}
