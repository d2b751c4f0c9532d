import { loadConfigFile } from './load';
import type { TrueupConfig } from './schema';

/**
 * Config inside a Lambda: the validated file CDK copies into every bundle, with the values only
 * the deployment knows (table name, approval URL) from the environment.
 */
export async function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): Promise<TrueupConfig> {
  const file = env.TRUEUP_CONFIG_FILE ?? new URL('./trueup.config.json', `file://${process.cwd()}/`).pathname;
  const config = await loadConfigFile(file);
  return {
    ...config,
    storage: { ...config.storage, tableName: env.TRUEUP_TABLE_NAME ?? config.storage.tableName },
    approvals: { ...config.approvals, baseUrl: env.TRUEUP_APPROVAL_BASE_URL ?? config.approvals.baseUrl },
  };
}
