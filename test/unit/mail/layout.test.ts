import { describe, expect, it } from 'vitest';
import { COLORS } from '../../../shared/mail/layout';

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe('email colours', () => {
  it.each([
    ['text on card', COLORS.text, COLORS.card],
    ['muted on card', COLORS.muted, COLORS.card],
    ['muted on page', COLORS.muted, COLORS.page],
    ['link on card', COLORS.link, COLORS.card],
    ['warning on its box', COLORS.warnText, COLORS.warnBg],
    ['button text on button', '#ffffff', COLORS.good],
    ['reject button text', COLORS.bad, COLORS.card],
  ])('%s meets WCAG AA (4.5:1)', (_name, fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });
});
