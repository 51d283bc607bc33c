import { App, type Environment, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { configFromContext } from '../../lib/config';
import { EngageWfmForwarderStack } from '../../lib/stack';

/** An app without bundling, with the cdk-nag packs bin/app.ts runs when `withNag`. */
export function testApp(withNag = false): App {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  if (withNag)
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return app;
}

/**
 * The default stack for a CDK context, without bundling the functions; `withNag` adds the
 * cdk-nag packs bin/app.ts runs, so that `app.synth()` fails on any unacknowledged finding.
 * `env` pins the account and region (the stack is environment-agnostic without it).
 */
export function synth(context: Record<string, unknown>, withNag = false, env?: Environment) {
  const app = testApp(withNag);
  const config = configFromContext((key) => context[key]);
  const stack = new EngageWfmForwarderStack(app, 'Test', { config, env });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The logical id of the only resource of `type` in `template` whose id starts with `prefix`. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}
