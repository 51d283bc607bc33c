import { type Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  type ParamsAndSecretsLayerVersion,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, SERVICE_NAME } from '../lambdas/platform/telemetry';
import { boardPageDefines } from './board-assets';
import {
  BOARD_FUNCTION,
  BUNDLE_OPTIONS,
  FUNCTION_MEMORY_MB,
  type FunctionName,
  HANDLER_ENTRIES,
} from './bundling';
import type { LogLevel } from './config';

export interface ForwarderFunctionProps {
  name: FunctionName;
  timeout: Duration;
  environment: Record<string, string>;
  removalPolicy: RemovalPolicy;
  logLevel: LogLevel;
  tracing: boolean;
  paramsAndSecrets?: ParamsAndSecretsLayerVersion;
}

/**
 * The levels at which Lambda passes log lines on to CloudWatch Logs: its own START, END and
 * REPORT lines only at DEBUG (at the sender's pace they were a quarter of the bytes CloudWatch
 * Logs bills, and what they say is in the functions' metrics: Duration, Errors, Throttles); the
 * functions' lines at INFO, or DEBUG, never above: the metrics' EMF lines carry no level, which
 * Lambda reads as INFO. Powertools filters by the deployment's level itself.
 */
export function lambdaLogLevels(logLevel: LogLevel) {
  const debug = logLevel === 'DEBUG';
  return {
    system: debug ? ('DEBUG' as const) : ('WARN' as const),
    application: debug ? ('DEBUG' as const) : ('INFO' as const),
  };
}

/**
 * The defaults every function of the forwarder shares, in one place: Node.js 24 on arm64 (the
 * cheaper architecture), a minified ESM bundle with the AWS SDK inside (built by the locally
 * installed esbuild, never Docker), source maps, its own log group with a retention, X-Ray
 * tracing when the deployment asks for it, and Powertools' service and namespace.
 * Logs are JSON (which Lambda's log levels need), at the levels of `lambdaLogLevels`.
 */
export class ForwarderFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ForwarderFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });
    const levels = lambdaLogLevels(props.logLevel);
    this.function = new NodejsFunction(this, 'Function', {
      entry: HANDLER_ENTRIES[props.name],
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: FUNCTION_MEMORY_MB,
      timeout: props.timeout,
      logGroup,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      loggingFormat: LoggingFormat.JSON,
      systemLogLevelV2: SystemLogLevel[levels.system],
      applicationLogLevelV2: ApplicationLogLevel[levels.application],
      paramsAndSecrets: props.paramsAndSecrets,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: BUNDLE_OPTIONS.minify,
        sourceMap: BUNDLE_OPTIONS.sourcemap,
        sourcesContent: false,
        target: 'node24',
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        banner: BUNDLE_OPTIONS.banner.js,
        // Bundle the SDK too: one file imports faster than the runtime's node_modules.
        externalModules: [...BUNDLE_OPTIONS.external],
        // The wallboard page, built now and inlined as constants, in the function that serves it.
        define: props.name === BOARD_FUNCTION ? boardPageDefines() : undefined,
      },
    });
    const role = this.function.role;
    if (role !== undefined) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'AWSLambdaBasicExecutionRole is the minimal managed policy for function logs',
      });
      if (props.tracing) {
        Validations.of(role).acknowledge({
          id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
          reason: 'X-Ray PutTraceSegments and PutTelemetryRecords take no resource ARN',
        });
      }
    }
    if (!props.tracing) {
      Validations.of(this.function).acknowledge({
        id: 'Serverless::Serverless-LambdaTracing',
        reason: 'Off unless the deployment turns it on (-c tracing=true): X-Ray bills every trace',
      });
    }
  }
}
