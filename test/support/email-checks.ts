import { expect } from 'vitest';

/** What every email must have to be readable by a screen reader and on a phone. */
export function expectAccessibleEmail(html: string): void {
  expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en"/);
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(html).toMatch(/<title>[^<]+<\/title>/);
  expect(html).toContain('max-width:640px');
  expect(html).toContain('@media (max-width: 480px)');
  expect(html.match(/<h1\b/g)).toHaveLength(1);
  // Layout tables say so; data tables have captions and header cells with scope.
  const tables = [...html.matchAll(/<table\b[^>]*>/g)].map((m) => m[0]);
  const data = tables.filter((t) => !t.includes('role="presentation"'));
  expect(tables.length).toBeGreaterThan(data.length);
  expect(html.match(/<caption\b/g)?.length ?? 0).toBe(data.length);
  expect(html).not.toMatch(/<(script|svg|iframe|form)\b/i);
  // Every image (there should be none) would need alt text.
  for (const img of html.match(/<img\b[^>]*>/g) ?? []) expect(img).toMatch(/\balt="[^"]+"/);
}
