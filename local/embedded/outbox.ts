import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readInbox, type StoredEmail } from './ses';

/**
 * Copies what the embedded SES received into a folder, one `.eml` (opens in any mail program)
 * and one `.html` (opens in a browser) per message, so the emails outlive the process. Messages
 * already in the folder are not written again.
 */
export async function saveOutbox(sesUrl: string, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const present = new Set((await readdir(dir)).map((f) => f.replace(/\.(eml|html)$/, '')));
  const written: string[] = [];
  for (const email of await readInbox(sesUrl)) {
    const name = fileNameOf(email);
    if (present.has(name)) continue;
    await writeFile(join(dir, `${name}.eml`), toEml(email));
    if (email.body.html) await writeFile(join(dir, `${name}.html`), email.body.html);
    written.push(name);
  }
  return written;
}

function fileNameOf(e: StoredEmail): string {
  const at = new Date(e.at * 1000).toISOString().replace(/[:.]/g, '-');
  const slug = e.subject.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  const id = e.messageId.replace(/[^A-Za-z0-9]/g, '').slice(-8);
  return `${at}-${slug}-${id}`;
}

/** A minimal RFC 5322 message: multipart/alternative with the text and HTML bodies. */
function toEml(e: StoredEmail): string {
  const boundary = `trueup-${e.messageId.replace(/[^A-Za-z0-9]/g, '')}`;
  const header = [
    `From: ${e.from}`,
    `To: ${e.destination.to.join(', ')}`,
    ...(e.destination.cc.length ? [`Cc: ${e.destination.cc.join(', ')}`] : []),
    `Subject: =?UTF-8?B?${Buffer.from(e.subject).toString('base64')}?=`,
    `Date: ${new Date(e.at * 1000).toUTCString()}`,
    `Message-ID: <${e.messageId}@trueup.local>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const part = (type: string, text: string) => [`--${boundary}`, `Content-Type: ${type}; charset=UTF-8`, 'Content-Transfer-Encoding: base64', '', Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\r\n'), ''];
  return [...header, '', ...(e.body.text ? part('text/plain', e.body.text) : []), ...(e.body.html ? part('text/html', e.body.html) : []), `--${boundary}--`, ''].join('\r\n');
}
