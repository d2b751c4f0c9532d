import type { HttpClient } from '../../http/client';
import { unwrapHaloList } from '../../http/paging/halo-pages';
import { optionalLookup } from '../../optional-lookup';
import { HaloAgent } from './records';

/**
 * Every agent Halo lists, for what a pull can do without (account managers' emails, who did the
 * work): an API agent not allowed to read agents only loses that, with a warning. A record we
 * cannot read is skipped: nothing is counted from agents.
 */
export async function readAgents(http: HttpClient, lookup: { what: string; instead: string; warnings: string[] }): Promise<HaloAgent[]> {
  // /Agent answers one bare array, not pages [V3]; paging it would repeat the same rows.
  const res = await optionalLookup({ ...lookup, fallback: null }, () => http.json({ path: '/Agent' }));
  const agents: HaloAgent[] = [];
  for (const raw of (res && unwrapHaloList(res.body, 'agents')?.records) ?? []) {
    const agent = HaloAgent.safeParse(raw);
    if (agent.success) agents.push(agent.data);
  }
  return agents;
}
