import type { AlertMessage } from './message';

/** Kept in the 1.2-1.4 range every Teams client renders [I]. */
export const CARD_VERSION = '1.4';
/** Teams caps a message at about 28 KB [I]; the card stays well under it (renewals.ts, digest.ts cap the items). */
export const TEAMS_MAX_BYTES = 28_000;

/**
 * The body a Teams Workflows webhook ("When a Teams webhook request is received") takes: a
 * message with exactly one Adaptive Card attachment, since the stock flow posts attachments[0].
 * Only Action.OpenUrl: Action.Submit is not supported there.
 */
export function teamsPayload(m: AlertMessage): unknown {
  const body: unknown[] = [
    { type: 'TextBlock', text: m.title, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'FactSet', facts: m.facts.map((f) => ({ title: f.label, value: f.value })) },
  ];
  for (const item of m.items) {
    body.push({ type: 'TextBlock', text: item.heading, weight: 'Bolder', wrap: true, spacing: 'Medium', separator: true });
    body.push({ type: 'TextBlock', text: item.text, wrap: true, spacing: 'Small' });
    if (item.link) body.push({ type: 'ActionSet', actions: [openUrl(item.link.title, item.link.url)] });
  }
  if (m.more) body.push({ type: 'TextBlock', text: m.more, isSubtle: true, wrap: true });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: CARD_VERSION,
          body,
          ...(m.links.length ? { actions: m.links.map((l) => openUrl(l.title, l.url)) } : {}),
        },
      },
    ],
  };
}

const openUrl = (title: string, url: string) => ({ type: 'Action.OpenUrl', title, url });
