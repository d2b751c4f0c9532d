import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { RenderedEmail } from './models';

export interface Mailer {
  /** Returns the SES message id. */
  send(to: string[], email: RenderedEmail): Promise<string>;
}

export interface SesMailerOptions {
  from: string;
  region: string;
  /** The embedded SES (aws-ses-v2-local) when running locally. */
  endpoint?: string;
  configurationSet?: string;
}

/** SES SendEmail with an HTML and a plain-text part: the same call locally and in AWS. */
export function sesMailer(opts: SesMailerOptions): Mailer {
  const ses = new SESClient({
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return {
    async send(to, email) {
      const out = await ses.send(
        new SendEmailCommand({
          Source: opts.from,
          Destination: { ToAddresses: to },
          ConfigurationSetName: opts.configurationSet,
          Message: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
          },
        }),
      );
      return out.MessageId ?? '';
    },
  };
}
