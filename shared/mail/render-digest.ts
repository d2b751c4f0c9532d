import { buildDigestView } from './digest/build';
import type { DigestModel, RenderedEmail } from './models';
import { renderHtml } from './view-html';
import { renderText } from './view-text';

/** The owner's weekly digest as an email: one view (digest/build.ts), rendered as HTML and as text. */
export function renderDigest(m: DigestModel): RenderedEmail {
  const view = buildDigestView(m);
  return { subject: view.subject, html: renderHtml(view), text: renderText(view) };
}
