import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Headless Chromium driven by playwright-core, with a fresh profile each time and nothing phoning
 * home. The browser is CHROMIUM_PATH when set, else a system Chromium when one is installed, else
 * the one @sparticuz/chromium ships inside its npm package (unpacked to the temp dir on first use),
 * so `npm install && npm test` needs no system package and no download. The browser tests and
 * `trueup qbr --pdf` use it; no Lambda does (Chromium would multiply a bundle's size).
 */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  return sparticuz.executablePath();
}

// The packaged build has no zygote helper binary and no GPU: software GL keeps screenshots identical.
const ARGS = ['--headless', '--no-sandbox', '--no-zygote', '--disable-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1024, height: 800 }): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'trueup-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: await chromiumPath(), headless: true, args: ARGS, viewport });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
