import { App } from 'aws-cdk-lib';
import { loadDeploymentPlan } from '../lib/config';
import { addTrueup } from '../lib/trueup-app';
import { ConfigError } from '../shared/config/load';

/** `npx cdk deploy -c config=path/to/trueup.json`: one validated config file drives the whole deployment. */
const app = new App();
const configPath = (app.node.tryGetContext('config') as string | undefined) ?? 'config/trueup.example.json';
try {
  addTrueup(app, await loadDeploymentPlan(configPath));
} catch (err) {
  // A config mistake is the operator's to fix: say which field, without a stack trace.
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
app.synth();
