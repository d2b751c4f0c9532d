import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_DETAILS, type DetailType, type TrueupEvents } from './events';

export interface EventPublisher {
  publish<T extends DetailType>(detailType: T, detail: TrueupEvents[T]): Promise<void>;
}

export function eventBridgePublisher(busName: string, client = new EventBridgeClient({})): EventPublisher {
  return {
    async publish(detailType, detail) {
      // Checked here, where a bad event is the sender's error, not at the rule's target.
      EVENT_DETAILS[detailType].parse(detail);
      const out = await client.send(new PutEventsCommand({ Entries: [{ EventBusName: busName, Source: 'trueup', DetailType: detailType, Detail: JSON.stringify(detail) }] }));
      if (out.FailedEntryCount) throw new Error(`EventBridge refused ${detailType}: ${out.Entries?.[0]?.ErrorCode} ${out.Entries?.[0]?.ErrorMessage}`);
    },
  };
}
