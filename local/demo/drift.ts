import { addDays } from '../../shared/domain/dates';
import { mulberry32 } from './generate';
import type { DemoWorld, WorldDevice } from './world';

/**
 * The demo world one night later, as a real book of business moves: machines that were online
 * check in again, now and then one is added or retired, and a monthly licence count changes.
 * Deterministic per night, so two runs of the same nights see the same world. PSA records never
 * drift: they change only through true-ups (write-backs), which is what the demo shows.
 */

const ONLINE_WITHIN_DAYS = 5;
const ADD_CHANCE = 0.06;
const RETIRE_CHANCE = 0.03;
const SEAT_CHANCE = 0.02;

export function driftWorld(world: DemoWorld, night: string): DemoWorld {
  if (night <= world.asOf) return world;
  const next = structuredClone(world);
  for (let day = addDays(world.asOf, 1); day <= night; day = addDays(day, 1)) driftOneNight(next, day);
  return next;
}

/**
 * A world generated for a later night, wound back to an earlier one where the simulation starts:
 * no device has been seen after that night. Simulating weeks this way ends on the night the world
 * was made for, so renewals are in their window at the end, with weeks of trend behind them.
 */
export function rewindWorld(world: DemoWorld, night: string): DemoWorld {
  if (night >= world.asOf) return world;
  const next = structuredClone(world);
  const end = `${night}T23:59:59.999Z`;
  for (const d of allDevices(next)) if (d.lastSeenAt > end) d.lastSeenAt = `${night}T03:15:00.000Z`;
  next.asOf = night;
  return next;
}

function driftOneNight(world: DemoWorld, night: string): void {
  const rand = mulberry32(seedOf(night));
  const onlineSince = Date.parse(`${addDays(world.asOf, -ONLINE_WITHIN_DAYS)}T00:00:00Z`);
  let nextId = Math.max(0, ...allDevices(world).map((d) => Number(d.id))) + 1;
  for (const client of world.clients) {
    const devices = client.rmm?.devices;
    if (!devices) continue;
    for (const d of devices) if (!d.deleted && Date.parse(d.lastSeenAt) >= onlineSince) d.lastSeenAt = `${night}T0${Math.floor(rand() * 10)}:15:00.000Z`;
    if (rand() < ADD_CHANCE) devices.push(newWorkstation(nextId++, devices.length, night));
    const live = devices.filter((d) => !d.deleted);
    if (rand() < RETIRE_CHANCE && live.length > 3) live[Math.floor(rand() * live.length)]!.deleted = true;
    for (const s of client.pax8?.subscriptions ?? [])
      if (s.status === 'Active' && s.billingTerm === 'Monthly' && rand() < SEAT_CHANCE) s.quantity = Math.max(1, s.quantity + (rand() < 0.6 ? 1 : -1));
  }
  world.asOf = night;
}

function newWorkstation(id: number, index: number, night: string): WorldDevice {
  // A uid family of its own: never collides with the generator's.
  return { id: String(id), uid: `7a1e0000-0000-4000-9000-${id.toString(16).padStart(12, '0')}`, name: `WS-${String(index + 1).padStart(3, '0')}`, deviceClass: 'WINDOWS_WORKSTATION', lastSeenAt: `${night}T03:15:00.000Z`, approved: true, deleted: false };
}

function allDevices(world: DemoWorld): WorldDevice[] {
  return [...world.clients.flatMap((c) => c.rmm?.devices ?? []), ...world.orphans.rmm.flatMap((o) => o.devices)];
}

function seedOf(night: string): number {
  return Number(night.replaceAll('-', ''));
}
