/** Bytes and lines the functions wrote to stdout, by function where the line names one. */
export interface LogCount {
  lines: number;
  bytes: number;
}

export interface LogTake {
  byFunction: Map<string, LogCount>;
  /** Distinct metric names and dimension names the EMF lines define, as `Namespace/Name[dim,dim]`. */
  metrics: Set<string>;
}

export interface LogMeter {
  take(): LogTake;
  stop(): void;
}

interface Emf {
  _aws?: { CloudWatchMetrics?: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
  [key: string]: unknown;
}

/**
 * Captures (and keeps off the terminal) what the handlers log: in Lambda every stdout line is
 * a CloudWatch Logs event. Powertools lines carry function_name (trueup-<name>-local); EMF
 * metric blobs do not and are counted as "metrics (EMF)".
 */
export function meterStdout(): LogMeter {
  const original = process.stdout.write.bind(process.stdout);
  let byFunction = new Map<string, LogCount>();
  let metrics = new Set<string>();
  const count = (line: string) => {
    const emf = line.includes('"_aws"') ? (JSON.parse(line) as Emf) : undefined;
    const key = /"function_name":"trueup-(\w+)-local"/.exec(line)?.[1] ?? (emf ? 'metrics (EMF)' : 'other');
    const c = byFunction.get(key) ?? { lines: 0, bytes: 0 };
    c.lines++;
    c.bytes += Buffer.byteLength(line) + 1;
    byFunction.set(key, c);
    for (const directive of emf?._aws?.CloudWatchMetrics ?? [])
      for (const dims of directive.Dimensions)
        for (const m of directive.Metrics) metrics.add(`${directive.Namespace}/${m.Name}[${dims.join(',')}]`);
  };
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    for (const line of text.split('\n')) if (line) count(line);
    rest.find((r): r is () => void => typeof r === 'function')?.();
    return true;
  }) as typeof process.stdout.write;
  return {
    take() {
      const taken = { byFunction, metrics };
      byFunction = new Map();
      metrics = new Set();
      return taken;
    },
    stop() {
      process.stdout.write = original;
    },
  };
}

/**
 * CloudWatch metrics a night creates in AWS: one per name, or one per source for a name with a
 * `source` dimension. Dimension values are not read from the local run: its collects share one
 * process and one Powertools metrics buffer, so their `source` values overwrite each other
 * (Powertools warns "Dimension source has already been added"); in Lambda each is its own process.
 */
export function cloudWatchMetrics(metrics: Set<string>, sources: number): number {
  const perSource = new Set<string>();
  const plain = new Set<string>();
  for (const key of metrics) {
    const [, name, dims] = /^(.*)\[(.*)\]$/.exec(key) ?? [key, key, ''];
    (dims!.split(',').includes('source') ? perSource : plain).add(name!);
  }
  return perSource.size * sources + [...plain].filter((n) => !perSource.has(n)).length;
}
