import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FUNCTION_SETTINGS, loadDeploymentPlan, planDeploymentFromRaw, runtimeConfig } from '../../lib/config';
import { planSecrets } from '../../lib/secret-plan';
import { addTrueup } from '../../lib/trueup-app';
import { parseConfig } from '../../shared/config/load';
import { testConfig } from './support/config';

const synthWith = (raw: unknown) => () => addTrueup(new App(), planDeploymentFromRaw(raw, 'trueup.json'), { bundle: false });

describe('a config that cannot be deployed fails synth, naming the field', () => {
  it('rejects an unknown time zone', () => {
    expect(synthWith(testConfig({ msp: { name: 'X', timeZone: 'Mars/Olympus' } }))).toThrow(/trueup\.json is not valid:\n.*msp\.timeZone: unknown IANA time zone/);
  });

  it('rejects a credential read from an environment variable, which no function has', () => {
    const raw = testConfig();
    raw.sources[1] = { ...raw.sources[1]!, clientSecret: { env: 'NINJA_SECRET' } } as (typeof raw.sources)[number];
    expect(synthWith(raw)).toThrow(/sources\[1\]\.clientSecret: use \{"secret": "<name>"\} when deploying; the functions have no environment variable NINJA_SECRET/);
  });

  it('rejects the local stand-in endpoints', () => {
    expect(synthWith(testConfig({ storage: { tableName: 'local-trueup', region: 'eu-west-1', endpoint: 'http://127.0.0.1:8000' } }))).toThrow(/storage\.endpoint: only for the local stand-ins/);
  });

  it('rejects mail in another region than the stacks', () => {
    expect(synthWith(testConfig({ mail: { region: 'us-east-1' } }))).toThrow(/mail\.region: must equal storage\.region \("eu-west-1"\)/);
  });

  it('rejects a reconcile deadline that reaches into the next night', () => {
    const raw = testConfig({ schedule: { reconcileDeadlineMinutes: 1435 } });
    expect(synthWith(raw)).toThrow(/schedule\.reconcileDeadlineMinutes: must be below 1430/);
  });

  it('names the file and the field when the config comes from -c config=<path>', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'trueup-infra-')), 'trueup.json');
    writeFileSync(file, JSON.stringify(testConfig({ recipients: { ...testConfig().recipients, from: 'not-an-address' } })));
    const error = await loadDeploymentPlan(file).then(() => null, (e: Error) => e.message);
    expect(error).toContain(`${file} is not valid:`);
    expect(error).toMatch(/^recipients\.from: /m);
  });

  it('rejects a bad deployment setting by its path', () => {
    expect(synthWith(testConfig({ deployment: { logRetentionDays: 45 as 30 } }))).toThrow(/deployment\.logRetentionDays/);
  });
});

describe('deployment settings', () => {
  it('fills every default when the deployment block is absent', () => {
    const plan = planDeploymentFromRaw(testConfig());
    expect(plan).toMatchObject({
      stackPrefix: 'Trueup',
      region: 'eu-west-1',
      logRetentionDays: 90,
      sesIdentity: 'fabrikam-it.example',
      configurationSetName: 'trueup-mail',
      reservedConcurrency: true,
      approvalMaxConcurrency: 5,
      functions: DEFAULT_FUNCTION_SETTINGS,
    });
    expect(plan.alarmEmail).toBeUndefined();
  });

  it('overrides one field of one function and keeps the rest', () => {
    const plan = planDeploymentFromRaw(testConfig({ deployment: { functions: { collect: { memoryMb: 2048 } }, sesIdentity: 'trueup@fabrikam-it.example' } }));
    expect(plan.functions.collect).toEqual({ memoryMb: 2048, timeoutSeconds: DEFAULT_FUNCTION_SETTINGS.collect.timeoutSeconds });
    expect(plan.functions.reconcile).toEqual(DEFAULT_FUNCTION_SETTINGS.reconcile);
    expect(plan.sesIdentity).toBe('trueup@fabrikam-it.example');
  });

  it('bundles a config the functions can load again, naming the configuration set the stack creates', () => {
    const bundled = runtimeConfig(planDeploymentFromRaw(testConfig({ deployment: { stackPrefix: 'Fabrikam' } })));
    const reloaded = parseConfig(JSON.parse(JSON.stringify(bundled)), 'bundled config');
    expect(reloaded.mail.configurationSet).toBe('fabrikam-mail');
    expect(reloaded.sources.map((s) => s.id)).toEqual(['cw', 'ninja', 'pax8']);
  });
});

describe('secrets', () => {
  it('plans each distinct secret once, with only the functions whose job reads it', () => {
    const secrets = planSecrets(parseConfig(testConfig()));
    const byName = Object.fromEntries(secrets.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['trueup/connectwise', 'trueup/link-signing-key-1', 'trueup/link-signing-key-2', 'trueup/ninjaone', 'trueup/pax8']);
    // The PSA's credentials serve write-back too; the RMM's and Pax8's only the nightly pull.
    expect(byName['trueup/connectwise']).toMatchObject({ readers: ['collect', 'reconcile', 'approval'], generated: false, fields: ['publicKey', 'privateKey', 'clientId'] });
    expect(byName['trueup/ninjaone']!.readers).toEqual(['collect']);
    expect(byName['trueup/pax8']!.readers).toEqual(['collect']);
    // approval verifies links signed with any live key; notify signs with the current one but loads the key ring.
    expect(byName['trueup/link-signing-key-2']).toMatchObject({ readers: ['approval', 'notify', 'digest'], generated: true });
    expect(byName['trueup/link-signing-key-1']).toMatchObject({ readers: ['approval', 'notify', 'digest'], generated: true });
  });

  it('treats a secret named by ARN as existing outside the stack', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shared/pax8-AbCdEf';
    const raw = testConfig();
    raw.sources[2] = { ...raw.sources[2]!, clientId: { secret: arn, field: 'id' }, clientSecret: { secret: arn, field: 'secret' } } as (typeof raw.sources)[number];
    const pax8 = planSecrets(parseConfig(raw)).find((s) => s.name === arn);
    expect(pax8).toMatchObject({ imported: true, readers: ['collect'], fields: ['id', 'secret'] });
  });
});
