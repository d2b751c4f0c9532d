import { createLocalRunner, type FunctionName } from '../../local/night';
import type { AppContext } from '../../shared/app/context';
import type { TrueupConfig } from '../../shared/config/schema';
import type { DetailType } from '../../shared/events/events';

export type { FunctionName };

/** One handler invocation: the local stand-in for a Lambda invocation and its billed duration. */
export interface Invocation {
  fn: FunctionName;
  ms: number;
  /** The collect's source, or the reconcile outcome. */
  label: string;
  /** Milliseconds by phase, as the use case timed them (reconcile only). */
  phases: Map<string, number>;
}

export interface TimedRunner {
  ctx: AppContext;
  runNight(runDate: string): Promise<void>;
  runDigest(): Promise<void>;
  /** Invocations and events since the last take(). */
  take(): { invocations: Invocation[]; events: Map<DetailType, number> };
}

/**
 * The local runner with every handler invocation timed and every delivered event counted, plus
 * the deadline reconcile the Scheduler starts every night in AWS (it finds the night done).
 */
export function createTimedRunner(config: TrueupConfig): TimedRunner {
  let invocations: Invocation[] = [];
  let events = new Map<DetailType, number>();
  let phases = new Map<string, number>();
  const runner = createLocalRunner(config, {
    around: async (fn, event, invoke) => {
      phases = new Map();
      const started = performance.now();
      const result = await invoke();
      const detailType = (event as { 'detail-type'?: DetailType })['detail-type'];
      if (detailType) events.set(detailType, (events.get(detailType) ?? 0) + 1);
      const label = fn === 'collect' ? (event as { sourceId: string }).sourceId : fn === 'reconcile' ? String((result as { state?: string } | undefined)?.state ?? '') : '';
      invocations.push({ fn, ms: performance.now() - started, label, phases });
      return result;
    },
  });
  runner.ctx.timings = (phase, ms) => phases.set(phase, (phases.get(phase) ?? 0) + ms);
  return {
    ctx: runner.ctx,
    async runNight(runDate) {
      await runner.runNight(runDate);
      await runner.runDeadline(runDate);
    },
    async runDigest() {
      await runner.runDigest();
    },
    take() {
      const taken = { invocations, events };
      invocations = [];
      events = new Map();
      return taken;
    },
  };
}
