import { App } from 'aws-cdk-lib';
import { loadDeploymentPlan } from '../lib/config';
import { addTrueup } from '../lib/trueup-app';

/** `npx cdk deploy -c config=path/to/trueup.json`: one validated config file drives the whole deployment. */
const app = new App();
const configPath = (app.node.tryGetContext('config') as string | undefined) ?? 'config/trueup.example.json';
addTrueup(app, await loadDeploymentPlan(configPath));
app.synth();
