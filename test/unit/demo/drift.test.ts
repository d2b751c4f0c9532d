import { describe, expect, it } from 'vitest';
import { driftWorld, rewindWorld } from '../../../local/demo/drift';
import { generateDemoWorld } from '../../../local/demo/generate';
import type { DemoWorld } from '../../../local/demo/world';

const devices = (w: DemoWorld) => w.clients.flatMap((c) => c.rmm?.devices ?? []);
const seats = (w: DemoWorld) => w.clients.flatMap((c) => c.pax8?.subscriptions ?? []).reduce((n, s) => n + s.quantity, 0);

describe('the demo world night by night', () => {
  const start = generateDemoWorld({ seed: 42, asOf: '2026-11-01' });

  it('drifts the same way every time, without touching the PSA or the world it was given', () => {
    const before = structuredClone(start);
    const a = driftWorld(start, '2026-11-29');
    expect(driftWorld(start, '2026-11-29')).toEqual(a);
    expect(start).toEqual(before);
    expect(a.asOf).toBe('2026-11-29');
    expect(a.clients.map((c) => c.agreements)).toEqual(start.clients.map((c) => c.agreements));
    // Four weeks of a book of business: machines added and retired, licence counts moved.
    expect(devices(a).length).toBeGreaterThan(devices(start).length);
    expect(devices(a).filter((d) => d.deleted).length).toBeGreaterThan(devices(start).filter((d) => d.deleted).length);
    expect(seats(a)).not.toBe(seats(start));
    expect(new Set(devices(a).map((d) => d.id)).size).toBe(devices(a).length);
  });

  it('keeps online machines checking in and lets stale ones stay stale', () => {
    const next = driftWorld(start, '2026-11-02');
    const was = new Map(devices(start).map((d) => [d.id, d.lastSeenAt]));
    for (const d of devices(next).filter((x) => was.has(x.id) && !x.deleted)) {
      const before = was.get(d.id)!;
      if (before >= '2026-10-27') expect(d.lastSeenAt.slice(0, 10)).toBe('2026-11-02');
      else expect(d.lastSeenAt).toBe(before);
    }
  });

  it('winds a world made for a later night back so that nothing was seen after the first night', () => {
    const later = generateDemoWorld({ seed: 42, asOf: '2026-11-29' });
    const back = rewindWorld(later, '2026-11-01');
    expect(back.asOf).toBe('2026-11-01');
    expect(devices(back).every((d) => d.lastSeenAt <= '2026-11-01T23:59:59.999Z')).toBe(true);
    expect(back.clients.map((c) => c.agreements)).toEqual(later.clients.map((c) => c.agreements));
  });
});
