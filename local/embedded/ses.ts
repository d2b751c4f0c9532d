import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';

// A CommonJS build of an ES module: Node hands over its whole exports object as the default.
const sesServer = (sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule;

/** The embedded SES: accepts SendEmail, keeps every message; GET /store lists them, / shows an inbox. */
export interface EmbeddedSes {
  url: string;
  close(): Promise<void>;
}

export async function startSes(port = 0): Promise<EmbeddedSes> {
  const server = await sesServer({ host: '127.0.0.1', port });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** Unix time in seconds. */
  at: number;
}

export async function readInbox(sesUrl: string): Promise<StoredEmail[]> {
  const res = await fetch(`${sesUrl}/store`);
  if (!res.ok) throw new Error(`embedded SES store answered HTTP ${res.status}`);
  const body = (await res.json()) as { emails: StoredEmail[] };
  return body.emails;
}
