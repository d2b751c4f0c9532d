import { describe, expect, it } from 'vitest';
import { planSecrets } from '../../lib/secret-plan';
import { parseConfig } from '../../shared/config/load';
import { testConfig } from './support/config';
import { synthTrueup } from './support/synth';

const alerts = [
  { id: 'vcio-teams', kind: 'teams' as const, webhookUrl: { secret: 'trueup/chat', field: 'teams' }, send: ['renewals' as const] },
  { id: 'owner-slack', kind: 'slack' as const, webhookUrl: { secret: 'trueup/chat', field: 'slack' }, send: ['digest' as const] },
];

describe('chat alert channels in the deployment', () => {
  it('keep the webhook URLs in a secret only notify and digest read, which the operator fills in', () => {
    const chat = planSecrets(parseConfig(testConfig({ alerts }))).find((s) => s.name === 'trueup/chat');
    expect(chat).toMatchObject({ readers: ['notify', 'digest'], generated: false, fields: ['teams', 'slack'], usedBy: ['alerts[0].webhookUrl', 'alerts[1].webhookUrl'] });
  });

  it('add one alarm on failed posts (test/infra/alarms.test.ts counts none without channels)', () => {
    const alarms = Object.values(synthTrueup(testConfig({ alerts })).statelessTemplate.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties);
    expect(alarms).toHaveLength(6);
    expect(alarms.filter((a) => a.MetricName === 'AlertPostsFailed')).toEqual([
      expect.objectContaining({ Namespace: 'Trueup', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' }),
    ]);
  }, 120_000);

  it('refuse two channels with one id', () => {
    expect(() => parseConfig(testConfig({ alerts: [alerts[0]!, { ...alerts[1]!, id: 'vcio-teams' }] }))).toThrow(/duplicate alert channel id "vcio-teams"/);
  });
});
