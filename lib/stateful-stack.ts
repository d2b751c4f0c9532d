import { CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { DeploymentPlan } from './config';
import { planSecrets, type PlannedSecret } from './secret-plan';

export interface StatefulStackProps extends StackProps {
  plan: DeploymentPlan;
}

/** What must outlive any redeploy: the table and the credentials. Nothing here is replaced by a code change. */
export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  /** By the name (or ARN) the config uses. */
  readonly secrets = new Map<string, secretsmanager.ISecret>();
  readonly plannedSecrets: PlannedSecret[];

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { plan } = props;

    this.table = new dynamodb.Table(this, 'Table', {
      tableName: plan.config.storage.tableName,
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Snapshot chunks carry expiresAt; everything else is kept.
      timeToLiveAttribute: 'expiresAt',
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    this.plannedSecrets = planSecrets(plan.config);
    for (const planned of this.plannedSecrets) {
      const id = `Secret-${planned.name.replace(/[^A-Za-z0-9]+/g, '-')}`;
      if (planned.imported) {
        this.secrets.set(planned.name, secretsmanager.Secret.fromSecretCompleteArn(this, id, planned.name));
        continue;
      }
      const secret = new secretsmanager.Secret(this, id, {
        secretName: planned.name,
        description: describeSecret(planned),
        // Vendor secrets get a random placeholder the operator overwrites (docs/deploying.md). Only the
        // description follows the config, and CloudFormation regenerates a value only when the generator changes.
        ...(planned.generated ? { generateSecretString: { passwordLength: 64, excludePunctuation: true } } : {}),
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: planned.generated
          ? 'The link-signing key rotates by config (new keyId, old key kept in approvals.previousKeys) so links in flight stay valid; a rotation Lambda replacing the value would void them.'
          : 'Vendor API credentials are issued in the vendor portal; Secrets Manager cannot rotate them, the operator does (docs/deploying.md).',
      });
      this.secrets.set(planned.name, secret);
    }

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}

function describeSecret(s: PlannedSecret): string {
  if (s.generated) return `Trueup approval link-signing key (${s.usedBy.join(', ')}); generated, rotate by adding a new key`;
  const what = s.fields.length > 0 ? `a JSON object with ${s.fields.join(', ')}` : 'the credential as a plain string';
  return `Trueup vendor credentials for ${s.usedBy.join(', ')}: put ${what}`;
}
