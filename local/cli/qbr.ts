import { writeFile } from 'node:fs/promises';
import type { QbrPack } from '../../shared/domain/qbr';
import { renderQbrPage } from '../../shared/mail/render-qbr';

/**
 * `trueup qbr`: a client's newest QBR pack as the printable page, and as a PDF printed by the
 * same headless Chromium the browser tests use. Printing happens here, on a laptop, not in
 * Lambda: the approval endpoint serves the page and a browser prints it.
 */

export interface QbrFiles {
  html: string;
  pdf: string | null;
}

/** File names a person can find: `qbr-<client key>-<night>.html`, the key made safe for a path. */
export function qbrFileBase(pack: Pick<QbrPack, 'clientKey' | 'runDate'>): string {
  return `qbr-${pack.clientKey.replace(/[^A-Za-z0-9._-]+/g, '-')}-${pack.runDate}`;
}

export async function writeQbr(pack: QbrPack, opts: { mspName: string; currency: string; base: string; pdf: boolean }): Promise<QbrFiles> {
  const page = renderQbrPage(pack, { mspName: opts.mspName, currency: opts.currency });
  const html = `${opts.base}.html`;
  await writeFile(html, page);
  if (!opts.pdf) return { html, pdf: null };
  const pdf = `${opts.base}.pdf`;
  await writeFile(pdf, await printPdf(page));
  return { html, pdf };
}

/** The page printed to A4 with its print stylesheet, by headless Chromium. */
export async function printPdf(page: string): Promise<Buffer> {
  // Loaded only for --pdf: the browser packages are development tools, not part of a deployment.
  const { launchBrowser } = await import('../browser');
  const browser = await launchBrowser();
  try {
    const tab = await browser.context.newPage();
    await tab.setContent(page, { waitUntil: 'load' });
    await tab.emulateMedia({ media: 'print' });
    return await tab.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
