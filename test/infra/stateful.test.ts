import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthTrueup } from './support/synth';

const { stateful, statefulTemplate: template } = synthTrueup();

describe('the table', () => {
  it('is on-demand with pk/sk keys, gsi1 and snapshot expiry by TTL', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'fabrikam-trueup',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ]),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('survives mistakes: point-in-time recovery, deletion protection, retained on stack deletion and replacement', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('deploys to the region the config stores in', () => {
    expect(stateful.region).toBe('eu-west-1');
  });
});

describe('the secrets', () => {
  it('creates every secret the config names, once each', () => {
    const names = Object.values(template.findResources('AWS::SecretsManager::Secret')).map((r) => r.Properties.Name);
    expect(names.sort()).toEqual(['trueup/connectwise', 'trueup/link-signing-key-1', 'trueup/link-signing-key-2', 'trueup/ninjaone', 'trueup/pax8']);
  });

  it('generates the link-signing keys', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'trueup/link-signing-key-2',
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
  });

  it('leaves vendor credentials as placeholders that say what to put in', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'trueup/connectwise',
      // An empty generator: a random placeholder whose properties never change, so redeploys keep the real value.
      GenerateSecretString: {},
      Description: Match.stringLikeRegexp('put a JSON object with publicKey, privateKey, clientId'),
    });
  });
});
