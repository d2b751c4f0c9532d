import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppContext, type AppContext } from '../../../shared/app/context';
import { notifyNight } from '../../../shared/app/notify';
import type { TrueupConfigInput } from '../../../shared/config/schema';
import { putNightOutbox } from '../../../shared/store/night-outbox';
import { recordRenewalAlert } from '../../../shared/store/records';
import { startWebhookStandIn, type WebhookStandIn } from '../../../local/embedded/webhooks';
import { APPROVAL_ENV, approvalConfig } from '../../support/approval-config';
import { ENGINES, useDynamo } from '../../support/dynamo';
import { renewalModel } from '../../support/mail-models';

/**
 * Notify posts the night's renewal alerts to the chat channels after the emails: once per
 * channel and night, routed by vCIO, retried on a 5xx, and a channel that keeps failing is
 * counted while the emails still go out.
 */

const RUN_DATE = '2026-03-02';
const ENGINE = ENGINES[0]!;

describe(`renewal alerts in Teams and Slack (${ENGINE})`, () => {
  const db = useDynamo(ENGINE);
  let hooks: WebhookStandIn;
  let ctx: AppContext;
  const sent: string[][] = [];

  beforeAll(async () => {
    hooks = await startWebhookStandIn();
    const env = {
      ...APPROVAL_ENV,
      TEAMS_HOOK: hooks.hook('teams', 'ann', { status: 502, times: 1 }),
      SLACK_HOOK: hooks.hook('slack', 'all'),
      BROKEN_HOOK: hooks.hook('slack', 'archived', { status: 410 }),
    };
    const alerts: TrueupConfigInput['alerts'] = [
      { id: 'ann-teams', kind: 'teams', webhookUrl: { env: 'TEAMS_HOOK' }, send: ['renewals'], vcio: ['ann@msp.example'] },
      { id: 'all-slack', kind: 'slack', webhookUrl: { env: 'SLACK_HOOK' }, send: ['renewals', 'digest'] },
      { id: 'gone', kind: 'slack', webhookUrl: { env: 'BROKEN_HOOK' }, send: ['renewals'] },
      { id: 'digest-only', kind: 'teams', webhookUrl: { env: 'TEAMS_HOOK' }, send: ['digest'] },
    ];
    const config = approvalConfig({ storage: { tableName: db.table.name, endpoint: db.endpoint }, alerts });
    ctx = {
      ...buildAppContext(config, { env, now: () => new Date(`${RUN_DATE}T12:00:00.000Z`), events: { publish: async () => {} } }),
      mailer: { send: async (to) => (sent.push(to), `m${sent.length}`) },
    };
    const models = [renewalModel(), renewalModel({ alert: { ...renewalModel().alert, agreementKey: 'cw:102', clientName: 'Tailspin Toys', vcioEmail: 'bob@msp.example', agreementUrl: 'https://na.myconnectwise.net/agreements/102' } })];
    for (const model of models)
      await recordRenewalAlert(db.table, model.alert.agreementKey, model.alert.endDate, { agreementKey: model.alert.agreementKey, endDate: model.alert.endDate, alertedOn: RUN_DATE, status: 'pending', model });
    await putNightOutbox(db.table, RUN_DATE, 'CLAIM#1', { proposalIds: [], renewals: models.map((m) => ({ agreementKey: m.alert.agreementKey, endDate: m.alert.endDate })) });
  });
  afterAll(() => hooks.close());

  it('emails every alert, posts one message per channel, and counts the channel that refuses', async () => {
    const first = await notifyNight(ctx, RUN_DATE);
    expect(first).toEqual({ renewalAlerts: 2, financeEmails: 0, laborReviews: 0, alerts: { posted: 2, failed: 1 } });
    expect(sent).toEqual([['ann@msp.example'], ['bob@msp.example']]);

    const posts = hooks.posts();
    // The Teams hook answered 502 once: the post was repeated and then accepted.
    expect(posts.filter((p) => p.path === '/teams/ann').map((p) => p.status)).toEqual([502, 200]);
    const teams = JSON.stringify(posts.find((p) => p.path === '/teams/ann' && p.status === 200)!.body);
    expect(teams).toContain('Northwind Traders');
    expect(teams).not.toContain('Tailspin Toys');
    const slack = posts.find((p) => p.path === '/slack/all')!.body as { text: string };
    expect(slack.text).toContain('2 renewal alerts tonight');
    // A permanent refusal (410 channel_is_archived) is not repeated.
    expect(posts.filter((p) => p.path === '/slack/archived')).toHaveLength(1);
  });

  it('posts again only where the night is not yet marked', async () => {
    const before = hooks.posts().length;
    expect(await notifyNight(ctx, RUN_DATE)).toEqual({ renewalAlerts: 0, financeEmails: 0, laborReviews: 0, alerts: { posted: 0, failed: 1 } });
    expect(hooks.posts().slice(before).map((p) => p.path)).toEqual(['/slack/archived']);
    expect(sent).toHaveLength(2);
  });
});
