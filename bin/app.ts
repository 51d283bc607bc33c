/**
 * The CDK app: `npx cdk deploy -c stage=prod -c sourceTimeZone=America/Chicago ...`.
 * Context is checked before anything is built; cdk-nag's AWS Solutions and Serverless packs run
 * at every synth and fail it on any finding that is not acknowledged with a reason.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { ConfigError, configFromContext } from '../lib/config';
import { EngageWfmForwarderStack } from '../lib/stack';

const app = new App();
try {
  const config = configFromContext((key) => app.node.tryGetContext(key));
  new EngageWfmForwarderStack(app, `EngageWfmForwarder-${config.stage}`, {
    config,
    // The account and region the CLI deploys to (from the usual AWS settings), so that what
    // depends on the region is checked at synth; without them the stack stays region-agnostic.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: `Engage Voice WFM webhook forwarder (${config.stage})`,
  });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
