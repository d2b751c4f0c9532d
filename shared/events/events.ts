import * as z from 'zod';
import { IsoDate } from '../domain/values';
import { EventBridgeEnvelope } from './envelope';

/**
 * The events between the nightly stages, each written once as a zod schema: its type, the
 * publisher's check and the receiving handler's parser all come from here. A new event is a
 * line in EVENT_DETAILS, a rule in lib/stateless-stack.ts and one in local/night.ts.
 */
export const EVENT_DETAILS = {
  /** collect stored one source's snapshot of a night: reconcile checks whether the night is complete. */
  SnapshotStored: z.object({ runDate: IsoDate, sourceId: z.string().min(1) }),
  /** reconcile finished a night: notify mails what it found. */
  FindingsUpdated: z.object({ runDate: IsoDate }),
} as const;

export type DetailType = keyof typeof EVENT_DETAILS;
export type TrueupEvents = { [T in DetailType]: z.infer<(typeof EVENT_DETAILS)[T]> };

/** One event in EventBridge's envelope, wherever it travels. */
export type EventEnvelope<T extends DetailType = DetailType> = Omit<z.infer<typeof EventBridgeEnvelope>, 'detail-type' | 'detail'> & { 'detail-type': T; detail: TrueupEvents[T] };

/** The schema a handler parses one kind of event with: the envelope around that event's detail. */
export const eventSchema = <T extends DetailType>(detailType: T) => EventBridgeEnvelope.extend({ 'detail-type': z.literal(detailType), detail: EVENT_DETAILS[detailType] });
