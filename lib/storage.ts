import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  Capacity,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import {
  type KeyAttribute,
  MAX_QUEUE_MESSAGE_BYTES,
  storeDelivery,
  storeQueueVisibilitySeconds,
  type TableName,
  tables,
} from '../lambdas/platform/resources';
import { CAPACITY_TARGET_UTILIZATION_PERCENT, type TableCapacity } from './config';

const attribute = (key: KeyAttribute) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

export interface StorageProps {
  /** Data that must survive a mistaken `cdk destroy` (staging, prod). */
  protect: boolean;
  /** The store's batching window, which the events queue's visibility timeout must cover. */
  batchingWindowSeconds: number;
  capacity: TableCapacity;
}

/**
 * On demand, or provisioned with auto scaling; every index inherits the table's settings and
 * scales on its own. The seed lets an existing table switch from on demand (CloudFormation
 * needs it then; DynamoDB allows a switch of billing mode only a few times a day).
 */
function billing(capacity: TableCapacity): Billing {
  if (capacity.mode === 'on-demand') return Billing.onDemand();
  const autoscaled = ({ min, max }: { min: number; max: number }) =>
    Capacity.autoscaled({
      minCapacity: min,
      maxCapacity: max,
      targetUtilizationPercent: CAPACITY_TARGET_UTILIZATION_PERCENT,
      seedCapacity: min,
    });
  return Billing.provisioned({
    writeCapacity: autoscaled(capacity.write),
    readCapacity: autoscaled(capacity.read),
  });
}

/** The queues and tables, built from the definitions the local stack uses too. */
export class Storage extends Construct {
  readonly events: Queue;
  readonly quarantine: Queue;
  readonly dlq: Queue;
  readonly tables: Record<TableName, TableV2>;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const removalPolicy = props.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const queueDefaults = {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The largest SQS takes: a quarantined request fits it whole up to the largest body allowed.
      maxMessageSizeBytes: MAX_QUEUE_MESSAGE_BYTES,
      removalPolicy,
    };
    const keep = Duration.days(storeDelivery.retentionDays);
    this.dlq = new Queue(this, 'Dlq', { ...queueDefaults, retentionPeriod: keep });
    this.quarantine = new Queue(this, 'Quarantine', { ...queueDefaults, retentionPeriod: keep });
    this.events = new Queue(this, 'Events', {
      ...queueDefaults,
      visibilityTimeout: Duration.seconds(storeQueueVisibilitySeconds(props.batchingWindowSeconds)),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: storeDelivery.maxReceiveCount },
    });
    for (const endStation of [this.dlq, this.quarantine]) {
      Validations.of(endStation).acknowledge({
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason: 'An end station an operator reads and replays from (npm run replay), not consumed',
      });
    }
    Validations.of(this.quarantine).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'Refused requests wait here for an operator to replay them; nothing consumes it',
    });

    const table = (name: TableName, constructId: string) => {
      const definition = tables[name];
      return new TableV2(this, constructId, {
        partitionKey: attribute(definition.partitionKey),
        sortKey: 'sortKey' in definition ? attribute(definition.sortKey) : undefined,
        globalSecondaryIndexes: definition.indexes.map((index) => ({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: attribute(index.sortKey),
          projectionType: ProjectionType.INCLUDE,
          nonKeyAttributes: [...index.projectedAttributes],
        })),
        timeToLiveAttribute: definition.ttlAttribute,
        billing: billing(props.capacity),
        encryption: TableEncryptionV2.awsManagedKey(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: props.protect,
        removalPolicy,
      });
    };
    this.tables = {
      sessions: table('sessions', 'Sessions'),
      states: table('states', 'States'),
      calls: table('calls', 'Calls'),
    };
  }
}

/**
 * A table's grant() covers its indexes as `<table ARN>/index/*`, which cdk-nag flags (IAM5):
 * acknowledged on `grantee`'s policy alone, by the logical id of each table with indexes.
 */
export function acknowledgeIndexGrants(
  grantee: IConstruct,
  granted: Readonly<Record<TableName, TableV2>>,
  reason: string,
): void {
  for (const [name, table] of Object.entries(granted) as [TableName, TableV2][]) {
    if (tables[name].indexes.length === 0) continue;
    const stack = Stack.of(table);
    const logicalId = stack.resolve(stack.getLogicalId(table.node.defaultChild as CfnElement));
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
      reason,
    });
  }
}
