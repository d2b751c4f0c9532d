import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSummary } from '../../../local/summary';
import { buildAppContext } from '../../../shared/app/context';
import { reconcileNight } from '../../../shared/app/reconcile-night';
import { putManifest, putSnapshot } from '../../../shared/store/snapshots';
import { APPROVAL_ENV, approvalConfig } from '../../support/approval-config';
import { startDynamo, type EmbeddedDynamo } from '../../support/dynamo';
import { client, RUN_DATE } from '../../support/snapshots';

/** A vendor field change quarantines most of a source: the night still completes and says how many. */

let dynamo: EmbeddedDynamo;
beforeAll(async () => {
  dynamo = await startDynamo();
});
afterAll(async () => dynamo?.close());

describe('a night with thousands of quarantined records', () => {
  it('is reconciled, and the summary gives the full count and lists the first 200', async () => {
    const table = await dynamo.freshTable();
    const ctx = buildAppContext(approvalConfig({ storage: { tableName: table.name, endpoint: dynamo.endpoint } }), {
      env: APPROVAL_ENV,
      now: () => new Date(`${RUN_DATE}T12:00:00.000Z`),
      events: { publish: async () => {} },
    });
    const quarantined = Array.from({ length: 2_700 }, (_, i) => ({ sourceId: 'cw', entity: 'addition', externalId: String(i), reason: 'quantity: expected number, received string' }));
    await putSnapshot(table, { sourceId: 'cw', kind: 'connectwise', role: 'psa', runDate: RUN_DATE, fetchedAt: `${RUN_DATE}T02:00:00.000Z`, clients: [client('250', 'Northwind')], agreements: [], devices: [], subscriptions: [], quarantined, warnings: [] });
    await putManifest(table, RUN_DATE, { sourceId: 'cw', kind: 'connectwise', role: 'psa', state: 'stored', at: `${RUN_DATE}T02:00:00.000Z` });

    const outcome = await reconcileNight(ctx, RUN_DATE, { deadline: false });
    if (outcome.state !== 'done') throw new Error(`night not reconciled: ${outcome.state}`);
    const [source] = outcome.report.sources;
    expect(source).toMatchObject({ sourceId: 'cw', state: 'fresh', quarantinedCount: 2_700 });
    expect(source!.quarantined.map((q) => q.externalId)).toEqual(quarantined.slice(0, 200).map((q) => q.externalId));
    const summary = formatSummary(outcome.report, []);
    expect(summary).toContain('cw: 2,700 quarantined; first 200 listed');
    expect(summary.split('\n').filter((l) => l.startsWith('  cw addition '))).toHaveLength(200);
  });
});
