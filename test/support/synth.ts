import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { configFromContext } from '../../lib/config';
import { EngageWfmForwarderStack } from '../../lib/stack';

/**
 * The default stack for a CDK context, without bundling the functions; `withNag` adds the
 * cdk-nag packs bin/app.ts runs, so that `app.synth()` fails on any unacknowledged finding.
 */
export function synth(context: Record<string, unknown>, withNag = false) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = configFromContext((key) => context[key]);
  const stack = new EngageWfmForwarderStack(app, 'Test', { config });
  if (withNag)
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, template: Template.fromStack(stack) };
}
