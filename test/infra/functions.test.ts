import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FUNCTION_SETTINGS, FUNCTION_NAMES } from '../../lib/config';
import { testConfig } from './support/config';
import { logicalId, synthTrueup } from './support/synth';

const { stateless, statelessTemplate: template } = synthTrueup(
  testConfig({ deployment: { functions: { reconcile: { memoryMb: 3008, timeoutSeconds: 840 } }, logRetentionDays: 30, approvalEndpoint: { maxConcurrency: 3 } } }),
);
const fnProps = (name: (typeof FUNCTION_NAMES)[number]) =>
  template.findResources('AWS::Lambda::Function')[logicalId(stateless, stateless.functions[name].function)]!.Properties;
const urlRef = logicalId(stateless, stateless.approvalUrl);

describe('every function', () => {
  it.each(FUNCTION_NAMES)('%s runs on the newest Node on arm64, with JSON logs and its own role', (name) => {
    expect(fnProps(name)).toMatchObject({
      FunctionName: `Trueup-${name}`,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      LoggingConfig: { LogFormat: 'JSON' },
      Role: { 'Fn::GetAtt': [logicalId(stateless, stateless.functions[name].role), 'Arn'] },
    });
  });

  it('has explicit memory and timeout: the defaults, or the config where it says otherwise', () => {
    for (const name of ['collect', 'notify', 'digest', 'approval'] as const)
      expect(fnProps(name)).toMatchObject({ MemorySize: DEFAULT_FUNCTION_SETTINGS[name].memoryMb, Timeout: DEFAULT_FUNCTION_SETTINGS[name].timeoutSeconds });
    expect(fnProps('reconcile')).toMatchObject({ MemorySize: 3008, Timeout: 840 });
  });

  it('carries the config file, table, bus and Powertools settings in its environment', () => {
    for (const name of FUNCTION_NAMES)
      expect(fnProps(name).Environment.Variables).toMatchObject({
        TRUEUP_CONFIG_FILE: '/var/task/trueup.config.json',
        TRUEUP_TABLE_NAME: expect.anything(),
        TRUEUP_EVENT_BUS_NAME: { Ref: expect.stringMatching(/^Bus/) },
        POWERTOOLS_SERVICE_NAME: `trueup-${name}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Trueup',
      });
  });

  it('logs to its own log group with the configured retention', () => {
    // One per function, and one for the collect state machine.
    template.resourceCountIs('AWS::Logs::LogGroup', FUNCTION_NAMES.length + 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/trueup/Trueup/collect-machine' });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    for (const name of FUNCTION_NAMES) template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/trueup/Trueup/${name}` });
    for (const name of FUNCTION_NAMES) expect(fnProps(name).LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(new RegExp(`^${name}Logs`, 'i')) });
  });
});

describe('no two nights overlap', () => {
  it('reserves one reconcile, notify and digest at a time, and one collect per source plus the partitions a splitting source may run at once', () => {
    // cw, ninja, pax8, and ConnectWise's fanOut.maxConcurrency (4 by default).
    expect(fnProps('collect').ReservedConcurrentExecutions).toBe(3 + 4);
    for (const name of ['reconcile', 'notify', 'digest'] as const) expect(fnProps(name).ReservedConcurrentExecutions).toBe(1);
  });

  it('bounds every asynchronous invocation and sends what still fails to a queue', () => {
    for (const name of ['collect', 'reconcile', 'notify', 'digest'] as const)
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(stateless, stateless.functions[name].function) },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 7200,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp("^MonitoringFailures"), 'Arn'] } } },
      });
  });

  it('can be switched off for a new account whose concurrency limit is too low to reserve any', () => {
    const { stateless: unreserved, statelessTemplate } = synthTrueup(testConfig({ deployment: { reservedConcurrency: false } }));
    for (const fn of Object.values(unreserved.functions))
      expect(statelessTemplate.findResources('AWS::Lambda::Function')[logicalId(unreserved, fn.function)]!.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });
});

describe('the approval endpoint', () => {
  it('is a public function URL: the signed token in the link is the authorization', () => {
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      InvokeMode: 'BUFFERED',
      TargetFunctionArn: { 'Fn::GetAtt': [logicalId(stateless, stateless.functions.approval.function), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' });
  });

  it('is throttled by its reserved concurrency', () => {
    expect(fnProps('approval').ReservedConcurrentExecutions).toBe(3);
  });

  it('puts its URL into the functions that write links, without the trailing slash', () => {
    const expected = { 'Fn::Join': ['', ['https://', { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [urlRef, 'FunctionUrl'] }] }] }]] };
    expect(fnProps('notify').Environment.Variables.TRUEUP_APPROVAL_BASE_URL).toEqual(expected);
    expect(fnProps('digest').Environment.Variables.TRUEUP_APPROVAL_BASE_URL).toEqual(expected);
    for (const name of ['collect', 'reconcile', 'approval'] as const) expect(fnProps(name).Environment.Variables.TRUEUP_APPROVAL_BASE_URL).toBeUndefined();
  });
});
