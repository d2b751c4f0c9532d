import { ROLE_OF } from '../shared/domain/model';
import type { TrueupConfig } from '../shared/config/schema';
import { secretRefsOf, type FunctionName } from './config';

/** One Secrets Manager secret the config names, and which functions may read it. */
export interface PlannedSecret {
  /** The name (or ARN) exactly as the config writes it. */
  name: string;
  /** Named by ARN: it lives outside the stack, which only grants reads on it. */
  imported: boolean;
  /** A link-signing key: the stack generates its value; vendor credentials the operator puts in. */
  generated: boolean;
  /** JSON fields the config reads from it; empty when the whole string is the value. */
  fields: string[];
  /** Config paths that name it, for the secret's description. */
  usedBy: string[];
  readers: FunctionName[];
}

/**
 * collect reads the credentials of the sources it pulls; approval reads the PSA credentials
 * (write-back), and so does reconcile (it re-reads the line of a write-back that never reported);
 * approval also reads every signing key (links signed with an older key stay valid). notify and
 * digest (match links) sign new links with the current key, but createLinkSigner loads the whole
 * key ring, so they read them all. A chat webhook URL (config.alerts) is read by notify and digest only.
 */
export function planSecrets(config: TrueupConfig): PlannedSecret[] {
  const byName = new Map<string, PlannedSecret>();
  for (const { path, ref, sourceIndex, alertChannel } of secretRefsOf(config)) {
    if (!('secret' in ref)) continue;
    const planned = byName.get(ref.secret) ?? {
      name: ref.secret,
      imported: ref.secret.startsWith('arn:'),
      generated: false,
      fields: [],
      usedBy: [],
      readers: [],
    };
    byName.set(ref.secret, planned);
    planned.usedBy.push(path);
    if (ref.field && !planned.fields.includes(ref.field)) planned.fields.push(ref.field);
    const readers: FunctionName[] = [];
    if (sourceIndex !== undefined) {
      const source = config.sources[sourceIndex];
      readers.push('collect', ...(source && ROLE_OF[source.kind] === 'psa' ? (['reconcile', 'approval'] as const) : []));
    } else if (alertChannel !== undefined) {
      readers.push('notify', 'digest');
    } else {
      planned.generated = true;
      readers.push('approval', 'notify', 'digest');
    }
    for (const reader of readers) if (!planned.readers.includes(reader)) planned.readers.push(reader);
  }
  return [...byName.values()];
}
