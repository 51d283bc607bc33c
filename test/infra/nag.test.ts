import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { configFromContext } from '../../lib/config';
import { EngageWfmForwarder } from '../../lib/engage-wfm-forwarder';
import { testApp } from '../support/synth';

/** A stack of someone else's, embedding the forwarder among resources of its own. */
function embedded(context: Record<string, unknown>) {
  const app = testApp(true);
  const stack = new Stack(app, 'TheirStack', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  new EngageWfmForwarder(stack, 'Wfm', { config: configFromContext((key) => context[key]) });
  return { app, stack };
}

const contexts = [
  { stage: 'dev' },
  { stage: 'dev', tracing: 'true' },
  {
    stage: 'prod',
    alarmEmail: 'ops@example.com',
    subscribers: [{ name: 'wfm' }, { name: 'calls', filter: { kind: ['call.ended'] } }],
  },
];

describe('cdk-nag acknowledgements', () => {
  it.each(contexts)('leave a plain stack embedding the construct clean (%j)', (context) => {
    const { app } = embedded(context);
    expect(() => app.synth()).not.toThrow();
  });

  it('do not silence the same finding on a resource of the embedding stack', () => {
    const { app, stack } = embedded({ stage: 'dev', tracing: 'true' });
    // The very finding the functions' X-Ray statements have acknowledged, elsewhere.
    const role = new Role(stack, 'Unrelated', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    const report = (() => {
      try {
        app.synth();
        return 'no findings';
      } catch (error) {
        return String(error);
      }
    })();
    expect(report).toContain('TheirStack/Unrelated/DefaultPolicy/Resource');
    expect(report).toContain("Acknowledge with 'AwsSolutions::AwsSolutions-IAM5[Resource::*]'");
    // Only that finding: the construct's own resources stay acknowledged.
    expect(report).not.toContain('TheirStack/Wfm/');
  });
});
