import { handler as collect } from '../../functions/collect/handler';
import { handler as digest } from '../../functions/digest/handler';
import { handler as notify } from '../../functions/notify/handler';
import { handler as reconcile } from '../../functions/reconcile/handler';
import { createLocalBus, lambdaContext, type LambdaHandler } from '../../local/bus';
import { buildAppContext, useAppContext, type AppContext } from '../../shared/app/context';
import type { TrueupConfig } from '../../shared/config/schema';
import type { DetailType } from '../../shared/events/publisher';

export type FunctionName = 'collect' | 'reconcile' | 'notify' | 'digest';

/** One handler invocation: the local stand-in for a Lambda invocation and its billed duration. */
export interface Invocation {
  fn: FunctionName;
  ms: number;
  /** The collect's source, or the reconcile outcome. */
  label: string;
}

export interface TimedRunner {
  ctx: AppContext;
  runNight(runDate: string): Promise<void>;
  runDigest(): Promise<void>;
  /** Invocations and events since the last take(). */
  take(): { invocations: Invocation[]; events: Map<DetailType, number> };
}

/**
 * local/night.ts's runner with every handler timed and every event counted: the same handlers,
 * bus and order (collects side by side, then the events they publish), plus the deadline
 * reconcile the Scheduler starts every night in AWS (it finds the night done and returns).
 * local/night.ts offers no hook to time its handlers, hence this copy of its order.
 */
export function createTimedRunner(config: TrueupConfig): TimedRunner {
  let invocations: Invocation[] = [];
  let events = new Map<DetailType, number>();
  const timed =
    (fn: FunctionName, handler: LambdaHandler, labelOf: (event: unknown, result: unknown) => string) =>
    async (event: unknown): Promise<unknown> => {
      const started = performance.now();
      const result = await handler(event, lambdaContext(fn));
      invocations.push({ fn, ms: performance.now() - started, label: labelOf(event, result) });
      return result;
    };
  const stateOf = (_: unknown, result: unknown) => String((result as { state?: string } | undefined)?.state ?? '');
  const timedReconcile = timed('reconcile', reconcile as LambdaHandler, stateOf);
  const bus = createLocalBus({ SnapshotStored: timedReconcile, FindingsUpdated: timed('notify', notify as LambdaHandler, () => '') });
  const ctx = buildAppContext(config, {
    events: {
      publish: (type, detail) => {
        events.set(type, (events.get(type) ?? 0) + 1);
        return bus.publish(type, detail);
      },
    },
  });
  const timedCollect = timed('collect', collect as LambdaHandler, (event) => (event as { sourceId: string }).sourceId);

  return {
    ctx,
    async runNight(runDate) {
      useAppContext(ctx);
      await Promise.all(config.sources.map((s) => timedCollect({ sourceId: s.id, runDate })));
      await bus.drain();
      await timedReconcile({ deadline: true, runDate });
      await bus.drain();
    },
    async runDigest() {
      useAppContext(ctx);
      await timed('digest', digest as LambdaHandler, () => '')({});
    },
    take() {
      const taken = { invocations, events };
      invocations = [];
      events = new Map();
      return taken;
    },
  };
}
