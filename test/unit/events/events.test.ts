import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { createLocalBus } from '../../../local/bus';
import { eventSchema, type TrueupEvents } from '../../../shared/events/events';
import { eventBridgePublisher } from '../../../shared/events/publisher';

/** A client that records what would be sent to EventBridge. */
function recordingClient() {
  const sent: unknown[] = [];
  const client = { send: async (command: { input: unknown }) => (sent.push(command.input), { FailedEntryCount: 0, Entries: [] }) };
  return { sent, client: client as unknown as EventBridgeClient };
}

describe('events between the nightly stages', () => {
  it('delivers what a stage publishes in the envelope the receiving handler parses', async () => {
    const received: unknown[] = [];
    const bus = createLocalBus({ SnapshotStored: async (e) => received.push(e) });
    await bus.publish('SnapshotStored', { runDate: '2026-11-23', sourceId: 'ninja' });
    await bus.drain();
    const parsed = eventSchema('SnapshotStored').parse(received[0]);
    expect(parsed.detail).toEqual({ runDate: '2026-11-23', sourceId: 'ninja' });
    // The other event's schema refuses it: a rule sending the wrong event fails at the handler.
    expect(eventSchema('FindingsUpdated').safeParse(received[0]).success).toBe(false);
  });

  it('refuses to publish a detail its schema does not allow, before anything is sent', async () => {
    const { sent, client } = recordingClient();
    const publisher = eventBridgePublisher('bus', client);
    const bad = { runDate: '23/11/2026' } as TrueupEvents['FindingsUpdated'];
    await expect(publisher.publish('FindingsUpdated', bad)).rejects.toThrow(/expected a calendar date as YYYY-MM-DD/);
    await expect(publisher.publish('SnapshotStored', { runDate: '2026-11-23', sourceId: '' })).rejects.toThrow();
    expect(sent).toEqual([]);
    await publisher.publish('FindingsUpdated', { runDate: '2026-11-23' });
    expect(sent).toEqual([{ Entries: [{ EventBusName: 'bus', Source: 'trueup', DetailType: 'FindingsUpdated', Detail: '{"runDate":"2026-11-23"}' }] }]);
  });
});
