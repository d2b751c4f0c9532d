import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PullResult, type PullJob } from './worker-protocol';

const WORKER = fileURLToPath(new URL('./pull-worker.ts', import.meta.url));

/** Runs one pull in a fresh Node process (TypeScript through tsx) and returns what it reports. */
export function runPullWorker(job: PullJob): Promise<PullResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    child.once('message', (message) => {
      settled = true;
      const parsed = PullResult.safeParse(message);
      if (parsed.success) resolve(parsed.data);
      else reject(new Error(`pull worker sent an unreadable result: ${parsed.error.message}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`pull worker exited with code ${code} before reporting`));
    });
    child.send(job);
  });
}
