/**
 * What a long pull reports while it runs: records read so far per list, and waits (the vendor's
 * rate limit, its Retry-After, a retry backoff). The HTTP client and the pagers emit these; the
 * local CLI prints them (local/cli/progress.ts), Lambda logs them at debug level at most.
 */
export type HttpProgress =
  | { type: 'records'; /** The list's path, e.g. /api/v2/account/devices */ list: string; /** Records read from this list so far. */ records: number }
  | { type: 'wait'; ms: number; reason: 'rate limit' | 'Retry-After' | 'backoff' };

export type SourceProgress = HttpProgress & { sourceId: string };

/** Where a context sends its connectors' progress. */
export type ProgressSink = (event: SourceProgress) => void;
