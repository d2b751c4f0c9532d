import { createHash } from 'node:crypto';
import { SafeHtml, type HtmlValue } from '../mail/escape';
import { webPage } from '../mail/web-page';

/**
 * Every approval page goes out through here: one small stylesheet allowed by its hash (no
 * inline style attributes, no scripts, no images), and headers that keep the page out of
 * caches, referrers, frames and MIME sniffing. The token is in the URL, so a Referer or a
 * shared cache would leak it.
 */

export interface ApprovalResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const STYLE = `
body { margin: 0; background: #f3f4f6; color: #1f2937; font: 16px/1.5 -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 640px; margin: 0 auto; padding: 24px 16px; }
.card { background: #fff; border: 1px solid #d1d5db; border-radius: 8px; padding: 20px 24px; margin: 0 0 16px; }
h1 { font-size: 24px; line-height: 1.25; margin: 0 0 12px; }
h2 { font-size: 18px; margin: 0 0 8px; }
.muted { color: #4b5563; font-size: 14px; }
.good { border-left: 4px solid #166534; }
.bad { border-left: 4px solid #991b1b; }
.warn { border-left: 4px solid #c2410c; background: #fff7ed; color: #7c2d12; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 12px; }
dt { color: #4b5563; }
dd { margin: 0; overflow-wrap: anywhere; }
ul { padding-left: 20px; margin: 0 0 12px; }
button { font: inherit; font-weight: bold; padding: 10px 20px; border-radius: 6px; cursor: pointer; border: 2px solid #166534; background: #166534; color: #fff; }
button.reject { border-color: #991b1b; background: #fff; color: #991b1b; }
fieldset { border: 0; padding: 0; margin: 0 0 16px; }
legend { font-weight: bold; margin: 0 0 8px; }
label { display: block; margin: 0 0 6px; }
input[type=text] { font: inherit; width: 100%; box-sizing: border-box; padding: 8px; border: 1px solid #9ca3af; border-radius: 6px; }
`;

/** The policy for a page whose one stylesheet is `style`: nothing else loads or runs. */
const policyFor = (style: string) =>
  `default-src 'none'; style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
/** A constant of this file, not data: it goes in verbatim so the hash in the CSP matches. */
const STYLESHEET = new SafeHtml(STYLE);

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'X-Robots-Tag': 'noindex, nofollow',
  'Content-Security-Policy': policyFor(STYLE),
};

/** A whole document rendered elsewhere (the QBR pack) with its own stylesheet, under the same headers. */
export function documentResponse(status: number, body: string, style: string): ApprovalResponse {
  return { status, headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': policyFor(style) }, body };
}

export function page(status: number, title: string, body: HtmlValue, extraHeaders: Record<string, string> = {}): ApprovalResponse {
  return { status, headers: { ...SECURITY_HEADERS, ...extraHeaders }, body: webPage(`${title} · Trueup`, STYLESHEET, body).value };
}

/** HEAD answers exactly as GET would, without the body. */
export const withoutBody = (r: ApprovalResponse): ApprovalResponse => ({ ...r, body: '' });
