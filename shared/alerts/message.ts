/**
 * What one chat post says, in neutral form: the Teams card (teams.ts) and the Slack blocks
 * (slack.ts) are two renderings of it. Built from the emails' view models (renewals.ts,
 * digest.ts), so a chat post never computes a figure the email does not.
 */
export interface AlertMessage {
  /** One line: the card's title, the Slack header and notification text. */
  title: string;
  /** Key figures as label/value pairs. */
  facts: Array<{ label: string; value: string }>;
  /** Paragraphs in plain text (each rendering escapes it for its format). */
  items: AlertItem[];
  /** Said after the items when some were left out to stay within the format's limits. */
  more?: string;
  /** Buttons to the pages the emails link to. */
  links: AlertLink[];
}

export interface AlertItem {
  heading: string;
  text: string;
  link?: AlertLink;
}

export interface AlertLink {
  title: string;
  url: string;
}

/** Most items one post lists: within Slack's 50 blocks and Teams' ~28 KB message cap with room to spare. */
export const MAX_ITEMS = 15;

/**
 * A link a person can open from a shared channel: https, or loopback for the local demo's
 * stand-ins. Anything else is left out rather than posted.
 */
export function openableLink(title: string, url: string | null | undefined): AlertLink | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    const loopback = u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
    return u.protocol === 'https:' || loopback ? { title, url: u.toString() } : undefined;
  } catch {
    return undefined;
  }
}

/** Cuts text to a format's limit, saying it was cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;
}
