import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppContext, type AppContext } from '../../../shared/app/context';
import { notifyNight } from '../../../shared/app/notify';
import type { RenderedEmail } from '../../../shared/mail/models';
import { putNightOutbox } from '../../../shared/store/night-outbox';
import { createProposal } from '../../../shared/store/proposals';
import type { Table } from '../../../shared/store/table';
import { APPROVAL_ENV, approvalConfig } from '../../support/approval-config';
import { ENGINES, useDynamo } from '../../support/dynamo';
import { proposal } from '../../support/mail-models';

/**
 * Notify runs the moment reconcile has written, when a GSI may not show the new items yet. Here
 * the proposals are absent from the index (as a lagging index shows them): notify must still
 * send every one, on both engines.
 */

const RUN_DATE = '2026-03-02';

describe.each(ENGINES)('notify reads what to send by key (%s)', (engine) => {
  const db = useDynamo(engine);
  let table: Table;
  let ctx: AppContext;
  const sent: Array<{ to: string[]; email: RenderedEmail }> = [];
  beforeAll(() => {
    table = db.table;
    const config = approvalConfig({ storage: { tableName: table.name, endpoint: db.endpoint } });
    ctx = {
      ...buildAppContext(config, { env: APPROVAL_ENV, now: () => new Date(`${RUN_DATE}T12:00:00.000Z`), events: { publish: async () => {} } }),
      mailer: { send: async (to, email) => (sent.push({ to, email }), `m${sent.length}`) },
    };
  });

  it('emails every proposal of the night, though none is in the index yet, and only once', async () => {
    const ids = ['p-a', 'p-b', 'p-c'];
    for (const id of ids) {
      await createProposal(table, proposal({ id, createdOn: RUN_DATE, clientKey: `cw:${id}`, clientName: `Client ${id}` }));
      await table.doc.send(new UpdateCommand({ TableName: table.name, Key: { pk: `TRUEUP#${id}`, sk: 'PROPOSAL' }, UpdateExpression: 'REMOVE gsi1pk, gsi1sk' }));
    }
    await putNightOutbox(table, RUN_DATE, 'CLAIM#1', { proposalIds: ids, renewals: [] });

    expect(await notifyNight(ctx, RUN_DATE)).toEqual({ renewalAlerts: 0, financeEmails: 1, laborReviews: 0, alerts: { posted: 0, failed: 0 } });
    const text = sent[0]!.email.text;
    for (const id of ids) expect(text).toContain(`Client ${id}`);
    expect(await notifyNight(ctx, RUN_DATE)).toEqual({ renewalAlerts: 0, financeEmails: 0, laborReviews: 0, alerts: { posted: 0, failed: 0 } });
    expect(sent).toHaveLength(1);
  });
});
