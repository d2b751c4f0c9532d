#!/usr/bin/env node
// `npx trueup` entry: runs bin/trueup.ts on the Node 24 the project pins (npm scripts already do).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
const node = Number(process.versions.node.split('.')[0]) < 24 && existsSync(pinned) ? pinned : process.execPath;
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const { status } = spawnSync(node, [tsx, join(root, 'bin', 'trueup.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(status ?? 1);
