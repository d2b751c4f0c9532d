import type { ProgressSink, SourceProgress } from '../../shared/connectors/http/progress';
import { quantity } from '../../shared/mail/format';

/**
 * The local CLI's view of a long pull: one line per source every few seconds, saying how many
 * records each list has given so far and how long the vendor's limits have held it up. A pull
 * shorter than `everyMs` prints nothing; a single wait of `everyMs` or more is said before it starts.
 */

export interface ProgressPrinterOptions {
  write: (line: string) => void;
  now?: () => number;
  everyMs?: number;
}

interface SourceState {
  lastPrinted: number;
  lists: Map<string, number>;
  limitMs: number;
  retryMs: number;
}

/** `/api/v2/account/devices` -> `devices`; Autotask's `/V1.0/Contracts/query` -> `Contracts`. */
export function listName(path: string): string {
  const segments = path.split('/').filter((s) => s && !/^v?\d/i.test(s) && s.toLowerCase() !== 'query');
  return segments.at(-1) ?? path;
}

const seconds = (ms: number): string => `${quantity(Math.round(ms / 100) / 10)} s`;

function line(sourceId: string, s: SourceState): string {
  const lists = [...s.lists].map(([name, n]) => `${quantity(n)} ${name}`).join(', ');
  const waits = [s.limitMs ? `${seconds(s.limitMs)} waiting for rate limits` : '', s.retryMs ? `${seconds(s.retryMs)} in retries` : ''].filter(Boolean).join(', ');
  return `${sourceId}: ${lists || 'no records yet'} so far${waits ? `; ${waits}` : ''}`;
}

export function progressPrinter(opts: ProgressPrinterOptions): ProgressSink {
  const now = opts.now ?? (() => performance.now());
  const everyMs = opts.everyMs ?? 3000;
  const sources = new Map<string, SourceState>();
  return (e: SourceProgress) => {
    let s = sources.get(e.sourceId);
    if (!s) sources.set(e.sourceId, (s = { lastPrinted: now(), lists: new Map(), limitMs: 0, retryMs: 0 }));
    if (e.type === 'records') s.lists.set(listName(e.list), e.records);
    else if (e.reason === 'backoff') s.retryMs += e.ms;
    else s.limitMs += e.ms;
    if (e.type === 'wait' && e.ms >= everyMs) opts.write(`${e.sourceId}: waiting ${seconds(e.ms)} (${e.reason === 'backoff' ? 'retrying after an error' : `the vendor's ${e.reason}`})`);
    if (now() - s.lastPrinted >= everyMs) {
      opts.write(line(e.sourceId, s));
      s.lastPrinted = now();
    }
  };
}

/** The CLI's printer: progress goes to stderr, so stdout stays the summary a script may read. */
export const terminalProgress = (): ProgressSink => progressPrinter({ write: (l) => process.stderr.write(`${l}\n`) });
