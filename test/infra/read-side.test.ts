import { Match } from 'aws-cdk-lib/assertions';
import { READ_ROUTES } from '../../lambdas/read/route-table';
import { READ_ACTIONS } from '../../lib/read-side';
import { logicalId as logicalIdIn, synth } from '../support/synth';

const { template } = synth({ stage: 'dev' });

const logicalId = (type: string, prefix: string) => logicalIdIn(template, type, prefix);

const readFunction = logicalId('AWS::Lambda::Function', 'ForwarderReadSideRead');
const readRole = logicalId('AWS::IAM::Role', 'ForwarderReadSideRead');

describe('the read side', () => {
  it('routes every read path to the read function, and nothing else to it', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const readIntegration = Object.entries(integrations).find(([, integration]) =>
      JSON.stringify(integration.Properties.IntegrationUri).includes(readFunction),
    )?.[0];
    const toRead = routes
      .filter((route) => JSON.stringify(route.Properties.Target).includes(`${readIntegration}`))
      .map((route) => route.Properties.RouteKey)
      .sort();
    expect(toRead).toEqual(
      Object.values(READ_ROUTES)
        .map(({ path }) => `GET ${path}`)
        .sort(),
    );
  });

  it('gives the read function a role that can only read: GetItem, Query, BatchGetItem and its secret', () => {
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: readRole }] },
      }),
    );
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const dynamodb = statements.filter((statement) =>
      [statement.Action].flat().some((action: string) => action.startsWith('dynamodb:')),
    );
    // One statement per table: sessions, states, calls.
    expect(dynamodb).toHaveLength(3);
    for (const statement of dynamodb) {
      expect([statement.Action].flat().sort()).toEqual([...READ_ACTIONS].sort());
      expect(statement.Effect).toBe('Allow');
    }
    const resources = JSON.stringify(dynamodb.map((statement) => statement.Resource));
    for (const table of ['Sessions', 'States', 'Calls']) {
      expect(resources).toContain(`ForwarderStorage${table}`);
    }
    const others = statements.filter((statement) => !dynamodb.includes(statement));
    expect(others).toEqual([
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: logicalId('AWS::SecretsManager::Secret', 'ForwarderReadSideCredential') },
      },
    ]);
  });

  it('runs the read function with the tables, the read secret, the stale-session threshold and the time zones', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Layers: [Match.anyValue()],
      Environment: {
        Variables: Match.objectLike({
          SESSIONS_TABLE: Match.anyValue(),
          STATES_TABLE: Match.anyValue(),
          CALLS_TABLE: Match.anyValue(),
          READ_CREDENTIAL_SECRET_ARN: {
            Ref: Match.stringLikeRegexp('^ForwarderReadSideCredential'),
          },
          STALE_AFTER_HOURS: '12',
          // The interval routes' default zones, as ingest has them.
          SOURCE_TIME_ZONE: 'UTC',
          ACCOUNT_TIME_ZONES: '{}',
        }),
      },
    });
    const longer = synth({ stage: 'dev', staleAfterHours: '24' }).template;
    longer.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STALE_AFTER_HOURS: '24' }) },
    });
  });

  it('generates its own secret, a token only, and outputs the board URL and the secret', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: '{}',
        GenerateStringKey: 'token',
        PasswordLength: 40,
      }),
    });
    const outputs = template.findOutputs('*');
    expect(JSON.stringify(outputs.BoardUrl?.Value)).toContain('/board');
    expect(outputs.ReadCredentialSecretArn?.Value).toEqual({
      Ref: logicalId('AWS::SecretsManager::Secret', 'ForwarderReadSideCredential'),
    });
  });
});
