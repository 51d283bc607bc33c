import { CfnOutput, Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ParamsAndSecretsLayerVersion } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TABLE_ENV, type TableName } from '../lambdas/platform/resources';
import { READ_ENV } from '../lambdas/read/config';
import { READ_ROUTES } from '../lambdas/read/route-table';
import type { ForwarderConfig } from './config';
import { ForwarderFunction } from './forwarder-function';
import { acknowledgeIndexGrants } from './storage';

/** The only DynamoDB calls the read function makes: it never writes. */
export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];

export interface ReadSideProps {
  readonly api: HttpApi;
  readonly tables: Record<TableName, TableV2>;
  readonly config: Pick<
    ForwarderConfig,
    'logLevel' | 'tracing' | 'staleAfterHours' | 'sourceTimeZone' | 'accountTimeZones'
  >;
  readonly removalPolicy: RemovalPolicy;
  /** The extension the read token is fetched through, as the webhook credential is. */
  readonly paramsAndSecrets: ParamsAndSecretsLayerVersion;
}

/**
 * The read side on the forwarder's HTTP API: the read function behind the routes of
 * `READ_ROUTES` (the agents API and the wallboard page), its own credential (the read token,
 * which the webhook routes refuse, as the read routes refuse the webhook credential), and a
 * role that can only read the tables.
 */
export class ReadSide extends Construct {
  readonly function: ForwarderFunction;
  readonly credential: Secret;

  constructor(scope: Construct, id: string, props: ReadSideProps) {
    super(scope, id);
    // A person pastes it into the board once per screen: a long random token, rotated by hand
    // with `previous` (docs/deploy.md).
    this.credential = new Secret(this, 'Credential', {
      description: 'engage-wfm-forwarder read token: {"token"} (+ "previous" while rotating)',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'token',
        passwordLength: 40,
        excludePunctuation: true,
      },
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.credential).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: 'Rotation needs the new token entered on each board: manual, with two active values',
    });

    this.function = new ForwarderFunction(this, 'Read', {
      name: 'read',
      // DynamoDB calls time out after 2 s with 3 attempts; API Gateway gives up at 30 s.
      timeout: Duration.seconds(10),
      removalPolicy: props.removalPolicy,
      logLevel: props.config.logLevel,
      tracing: props.config.tracing,
      paramsAndSecrets: props.paramsAndSecrets,
      environment: {
        [TABLE_ENV.sessions]: props.tables.sessions.tableName,
        [TABLE_ENV.states]: props.tables.states.tableName,
        [TABLE_ENV.calls]: props.tables.calls.tableName,
        [READ_ENV.credentialSecretArn]: this.credential.secretArn,
        [READ_ENV.staleAfterHours]: String(props.config.staleAfterHours),
        // The interval routes' days are local days of the zones ingest reads the sender's in.
        [READ_ENV.sourceTimeZone]: props.config.sourceTimeZone,
        [READ_ENV.accountTimeZones]: JSON.stringify(props.config.accountTimeZones),
      },
    });
    const readFunction = this.function.function;
    Validations.of(readFunction).acknowledge({
      id: 'Serverless::Serverless-LambdaDLQ',
      reason:
        'The read function answers synchronously: a failure is an error answer, nothing to keep',
    });
    for (const table of Object.values(props.tables)) table.grant(readFunction, ...READ_ACTIONS);
    readFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.credential.secretArn],
      }),
    );
    acknowledgeIndexGrants(
      readFunction,
      props.tables,
      'Reads only (GetItem, Query, BatchGetItem) on the indexes of a table it reads',
    );

    const integration = new HttpLambdaIntegration('Read', readFunction);
    for (const { path } of Object.values(READ_ROUTES)) {
      props.api.addRoutes({ path, methods: [HttpMethod.GET], integration });
    }

    const outputs: Record<string, [string, string]> = {
      BoardUrl: [`${props.api.apiEndpoint}${READ_ROUTES.board.path}`, 'The wallboard page'],
      ReadCredentialSecretArn: [
        this.credential.secretArn,
        'The read token: Authorization: Bearer <token> on /v1/agents, /v1/calls, /v1/queues, /v1/intervals, /v1/segments',
      ],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, name, { value, description, key: name });
    }
  }
}
