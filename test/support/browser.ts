/** The tests' browser is the one `trueup qbr --pdf` prints with (local/browser.ts). */
export { launchBrowser, type Browser } from '../../local/browser';
