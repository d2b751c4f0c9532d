import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { useReadableLogs } from '../../../local/cli/log-sink';

describe('warnings on a terminal', () => {
  it('are one readable line with what the call site added, each distinct one printed once', () => {
    const logger = new Logger({ serviceName: 'trueup', logLevel: 'WARN' });
    const lines: string[] = [];
    useReadableLogs(logger, (line) => lines.push(line));
    logger.warn('quarantined vendor record', { sourceId: 'ninja', externalId: 'WS-LOBBY', reason: 'id: expected number' });
    logger.warn('quarantined vendor record', { sourceId: 'ninja', externalId: 'WS-LOBBY', reason: 'id: expected number' });
    logger.error('source failed', { sourceId: 'pax8', error: 'HTTP 503' });
    logger.info('not shown at WARN');
    expect(lines).toEqual(['warning: quarantined vendor record (sourceId=ninja, externalId=WS-LOBBY, reason=id: expected number)', 'error: source failed (sourceId=pax8, error=HTTP 503)']);
  });
});
