import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

/** Events between the nightly stages, in EventBridge's shape wherever they travel. */
export interface TrueupEvents {
  SnapshotStored: { runDate: string; sourceId: string };
  FindingsUpdated: { runDate: string };
}
export type DetailType = keyof TrueupEvents;

export interface EventEnvelope<T extends DetailType = DetailType> {
  version: '0';
  id: string;
  'detail-type': T;
  source: 'trueup';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TrueupEvents[T];
}

export interface EventPublisher {
  publish<T extends DetailType>(detailType: T, detail: TrueupEvents[T]): Promise<void>;
}

export function eventBridgePublisher(busName: string, client = new EventBridgeClient({})): EventPublisher {
  return {
    async publish(detailType, detail) {
      const out = await client.send(new PutEventsCommand({ Entries: [{ EventBusName: busName, Source: 'trueup', DetailType: detailType, Detail: JSON.stringify(detail) }] }));
      if (out.FailedEntryCount) throw new Error(`EventBridge refused ${detailType}: ${out.Entries?.[0]?.ErrorCode} ${out.Entries?.[0]?.ErrorMessage}`);
    },
  };
}
