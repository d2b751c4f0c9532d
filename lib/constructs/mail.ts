import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { Monitoring } from './monitoring';

export interface MailProps {
  monitoring: Monitoring;
  configurationSetName: string;
  /** The verified SES identity (domain or address) the functions send as. */
  sesIdentity: string;
  /** recipients.from: the only Source address the functions may use. */
  fromAddress: string;
}

/** The SES configuration set every email goes through, with bounces and complaints paging the owner. */
export class Mail extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  private readonly props: MailProps;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.props = props;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    const events = [
      ['Bounce', ses.EmailSendingEvent.BOUNCE, 'an email bounced: check the recipient address in config'],
      ['Complaint', ses.EmailSendingEvent.COMPLAINT, 'a recipient marked an email as spam'],
    ] as const;
    for (const [kind, event, meaning] of events) {
      const topic = props.monitoring.topic(`Email${kind}Topic`, `Trueup email ${kind.toLowerCase()}s`);
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
      );
      this.configurationSet.addEventDestination(kind, { destination: ses.EventDestination.snsTopic(topic), events: [event] });
      props.monitoring.alarm(`Email${kind}s`, {
        alarmDescription: `Trueup: ${meaning}; the ${kind.toLowerCase()} notification is on topic ${topic.node.id}`,
        metric: topic.metricNumberOfMessagesPublished({ period: Duration.hours(1), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
  }

  /** Send as the configured identity and From address, through this configuration set; nothing else. */
  grantSend(role: iam.IRole): void {
    const stack = Stack.of(this);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.props.sesIdentity }),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': this.props.fromAddress } },
      }),
    );
  }
}
