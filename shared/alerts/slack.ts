import { clip, type AlertMessage } from './message';

/** Block Kit limits (notes/slack-webhooks.md): cut rather than be refused with invalid_blocks. */
export const SLACK_LIMITS = { blocks: 50, headerChars: 150, sectionChars: 3000, fields: 10, buttonChars: 75 } as const;

/** `&`, `<` and `>` are control characters in Slack text; client and product names can hold them. */
export const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An incoming-webhook message: Block Kit blocks and `text`, which Slack shows in notifications
 * and wherever blocks cannot be rendered, so it is always sent.
 */
export function slackPayload(m: AlertMessage): unknown {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(m.title, SLACK_LIMITS.headerChars) } },
    { type: 'section', fields: m.facts.slice(0, SLACK_LIMITS.fields).map((f) => mrkdwn(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`)) },
  ];
  for (const item of m.items) {
    const section: Record<string, unknown> = { type: 'section', text: mrkdwn(clip(`*${escapeMrkdwn(item.heading)}*\n${escapeMrkdwn(item.text)}`, SLACK_LIMITS.sectionChars)) };
    if (item.link) section.accessory = button(item.link.title, item.link.url);
    blocks.push({ type: 'divider' }, section);
  }
  // Room for the closing blocks is kept, so a long list is cut, not refused.
  const closing: unknown[] = [];
  if (m.more) closing.push({ type: 'context', elements: [mrkdwn(escapeMrkdwn(m.more))] });
  if (m.links.length) closing.push({ type: 'actions', elements: m.links.map((l) => button(l.title, l.url)) });
  const kept = blocks.slice(0, SLACK_LIMITS.blocks - closing.length);
  return { text: fallbackText(m), blocks: [...kept, ...closing] };
}

/** The notification line and what a client without Block Kit shows. */
function fallbackText(m: AlertMessage): string {
  return escapeMrkdwn([m.title, ...m.facts.map((f) => `${f.label}: ${f.value}`)].join('\n'));
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const button = (title: string, url: string) => ({ type: 'button', text: { type: 'plain_text', text: clip(title, SLACK_LIMITS.buttonChars) }, url });
