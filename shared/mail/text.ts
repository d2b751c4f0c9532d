/**
 * The plain-text part: the same content as the HTML, for clients that show text only and for
 * people who prefer it. Sections are underlined headings; rows are "label: value" lines.
 */

export function textSection(title: string, lines: string[]): string {
  return [title, '-'.repeat(Math.min(title.length, 72)), ...lines].join('\n');
}

export const bullet = (line: string, indent = 0): string => `${' '.repeat(indent)}- ${line}`;

export function textDocument(parts: Array<string | null | false>): string {
  return `${parts.filter((x): x is string => Boolean(x)).join('\n\n')}\n`;
}
