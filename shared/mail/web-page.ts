import { html, type HtmlValue, type SafeHtml } from './escape';

/**
 * A page for a browser (not an email): one stylesheet in the head, kept out of search engines.
 * The approval pages and the QBR pack share it; each passes its own stylesheet, which the
 * approval endpoint allows by its hash.
 */
export function webPage(title: HtmlValue, stylesheet: SafeHtml, body: HtmlValue): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<style>${stylesheet}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
