import { handler as collect } from '../functions/collect/handler';
import { handler as digest } from '../functions/digest/handler';
import { handler as notify } from '../functions/notify/handler';
import { handler as reconcile } from '../functions/reconcile/handler';
import { buildAppContext, useAppContext, type AppContext, type ContextOverrides } from '../shared/app/context';
import type { NightReport } from '../shared/app/reconcile-night';
import { nightInstant, systemClock } from '../shared/clock';
import type { TrueupConfig } from '../shared/config/schema';
import { createLocalBus, lambdaContext, type LambdaHandler, type LocalBus } from './bus';
import { runCollect } from './fan-out';

/**
 * The local runner: the same Lambda handlers AWS runs, invoked in the order the schedules and
 * rules invoke them there, with EventBridge replaced by an in-process bus and the collect state
 * machine by local/fan-out.ts.
 */

export interface CollectOutcome {
  sourceId: string;
  state: 'stored' | 'failed';
  counts?: Record<string, number>;
  error?: string;
}

export interface LocalNight {
  runDate: string;
  collected: CollectOutcome[];
  report: NightReport;
}

export interface LocalRunner {
  ctx: AppContext;
  runNight(runDate: string): Promise<LocalNight>;
  /** What the deadline schedule invokes every night in AWS; runNight calls it only when a source never reported. */
  runDeadline(runDate: string): Promise<unknown>;
  runDigest(): Promise<{ weekOf: string; sentTo: string[] }>;
}

export type FunctionName = 'collect' | 'reconcile' | 'notify' | 'digest';
/** Wraps every handler invocation, e.g. to time it (the night benchmark). */
export type AroundInvocation = (fn: FunctionName, event: unknown, invoke: () => Promise<unknown>) => Promise<unknown>;

export interface LocalRunnerOptions extends Omit<ContextOverrides, 'events' | 'now'> {
  /**
   * Let the clock follow the night being run (an instant that is that date in the MSP's time
   * zone), so a past or future night and the digest after it read as "today". Off: the real clock.
   */
  simulatedClock?: boolean;
  around?: AroundInvocation;
}

export function createLocalRunner(config: TrueupConfig, opts: LocalRunnerOptions = {}): LocalRunner {
  const { simulatedClock, around, ...overrides } = opts;
  let simulatedDate: string | undefined;
  const now = () => (simulatedClock && simulatedDate ? nightInstant(simulatedDate, config.msp.timeZone) : systemClock.now());
  const invoker =
    (fn: FunctionName, handler: LambdaHandler) =>
    (event: unknown): Promise<unknown> => {
      const invoke = () => handler(event, lambdaContext(fn));
      return around ? around(fn, event, invoke) : invoke();
    };
  const invoke = {
    collect: invoker('collect', collect as LambdaHandler),
    reconcile: invoker('reconcile', reconcile as LambdaHandler),
    notify: invoker('notify', notify as LambdaHandler),
    digest: invoker('digest', digest as LambdaHandler),
  };
  const bus: LocalBus = createLocalBus({ SnapshotStored: invoke.reconcile, FindingsUpdated: invoke.notify }, 'local', { now });
  const ctx = buildAppContext(config, { ...overrides, now, events: bus });
  useAppContext(ctx);
  const runDeadline = async (runDate: string) => {
    useAppContext(ctx);
    const result = await invoke.reconcile({ deadline: true, runDate });
    await bus.drain();
    return result;
  };
  return {
    ctx,
    runDeadline,
    async runNight(runDate) {
      simulatedDate = runDate;
      useAppContext(ctx);
      // In AWS each collect runs in its own container; in one process they run one after another,
      // so Powertools' per-invocation logger keys and metric buffers are not shared between them.
      const collected: CollectOutcome[] = [];
      for (const s of config.sources) {
        try {
          collected.push((await runCollect(invoke.collect, s.id, runDate)) as CollectOutcome);
        } catch (err) {
          collected.push({ sourceId: s.id, state: 'failed', error: (err as Error).message });
        }
      }
      const delivered = await bus.drain();
      const done =
        delivered.map((d) => d.result as { state?: string; report?: NightReport }).find((r) => r?.state === 'done') ??
        // A source never reported: what the deadline schedule does in AWS.
        ((await runDeadline(runDate)) as { state: string; report: NightReport });
      return { runDate, collected, report: done.report! };
    },
    async runDigest() {
      useAppContext(ctx);
      return (await invoke.digest({})) as { weekOf: string; sentTo: string[] };
    },
  };
}
