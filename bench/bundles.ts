import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { FUNCTION_NAMES } from '../lib/config';
import { BUNDLE, handlerEntry } from '../lib/constructs/trueup-function';
import { formatTable } from './support/table';

/**
 * Each Lambda bundle as the stack builds it (esbuild, ESM, minified, the AWS SDK inside): its
 * size against the 1 MB budget, a cold import of the built file in a fresh Node (median of a few),
 * and the packages that weigh most in it, from esbuild's metafile.
 *
 *   npm run bench:bundles -- [--imports 5]
 */

const BUDGET_BYTES = 1024 * 1024;
const IMPORTS = Number(process.argv[process.argv.indexOf('--imports') + 1]) || 5;
const TOP = 6;

const dir = mkdtempSync(path.join(tmpdir(), 'trueup-bundles-'));
try {
  const rows: Array<Array<string | number>> = [];
  const heavy: string[] = [];
  for (const name of FUNCTION_NAMES) {
    const outfile = path.join(dir, name, 'index.mjs');
    const { metafile } = await build({
      entryPoints: [handlerEntry(name)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: BUNDLE.target,
      mainFields: [...BUNDLE.mainFields],
      banner: { js: BUNDLE.banner },
      minify: BUNDLE.minify,
      metafile: true,
      logLevel: 'error',
    });
    const bytes = statSync(outfile).size;
    rows.push([name, Math.round(bytes / 1024), `${Math.round((bytes / BUDGET_BYTES) * 100)}%`, coldImportMs(outfile)]);
    heavy.push(`${name}: ${packagesBySize(metafile, outfile).slice(0, TOP).map(([p, b]) => `${p} ${Math.round(b / 1024)} KB`).join(', ')}`);
  }
  console.log(`Lambda bundles (esbuild ${BUNDLE.target}, minified, AWS SDK bundled); cold import: median of ${IMPORTS} fresh Node ${process.version} processes`);
  console.log(formatTable(['function', 'KB', 'of 1 MB', 'cold import ms'], rows));
  console.log('\nHeaviest packages in each bundle (minified bytes)');
  for (const line of heavy) console.log(line);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** A fresh process importing the bundle (module evaluation, no handler call), timed from inside. */
function coldImportMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const times = Array.from({ length: IMPORTS }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim()));
  return Math.round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!);
}

/** Output bytes by package (node_modules name, or "trueup" for our own code). */
function packagesBySize(metafile: Metafile, outfile: string): Array<[string, number]> {
  const output = Object.entries(metafile.outputs).find(([file]) => path.resolve(file) === path.resolve(outfile))![1];
  const by = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const pkg = match ? match[1]! : 'trueup';
    by.set(pkg, (by.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...by].sort((a, b) => b[1] - a[1]);
}
