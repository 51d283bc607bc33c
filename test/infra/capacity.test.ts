import { tables } from '../../lambdas/platform/resources';
import { ConfigError, configFromContext } from '../../lib/config';
import { synth } from '../support/synth';

const autoscaled = (min: number, max: number) => ({
  MinCapacity: min,
  MaxCapacity: max,
  // A table switching from on demand needs a seed; the minimum is the one that costs least.
  SeedCapacity: min,
  TargetTrackingScalingPolicyConfiguration: { TargetValue: 70 },
});

describe('table capacity', () => {
  it('is on demand by default', () => {
    const template = synth({ stage: 'dev' }).template;
    for (const table of Object.values(template.findResources('AWS::DynamoDB::GlobalTable'))) {
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.WriteProvisionedThroughputSettings).toBeUndefined();
    }
  });

  it('is provisioned with 70 % target tracking between the minimum and maximum, for every table and index', () => {
    const template = synth({
      stage: 'prod',
      capacity: 'provisioned',
      minWriteCapacity: '2',
      maxWriteCapacity: '200',
      minReadCapacity: 3,
      maxReadCapacity: 90,
    }).template;
    const synthesized = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(synthesized).toHaveLength(Object.keys(tables).length);
    const write = { WriteCapacityAutoScalingSettings: autoscaled(2, 200) };
    const read = { ReadCapacityAutoScalingSettings: autoscaled(3, 90) };
    // Each table's indexes, with their write settings and (on the replica) their read settings:
    // as many of each as the table definitions have indexes, so none is left without them.
    const indexCounts: number[] = Object.values(tables)
      .map((definition) => definition.indexes.length)
      .sort();
    expect(indexCounts.reduce((sum, count) => sum + count)).toBe(5);
    const writeIndexCounts: number[] = [];
    const readIndexCounts: number[] = [];
    for (const { Properties: table } of synthesized) {
      expect(table.BillingMode).toBe('PROVISIONED');
      expect(table.WriteProvisionedThroughputSettings).toEqual(write);
      expect(table.Replicas[0].ReadProvisionedThroughputSettings).toEqual(read);
      const indexes = table.GlobalSecondaryIndexes ?? [];
      for (const index of indexes) expect(index.WriteProvisionedThroughputSettings).toEqual(write);
      writeIndexCounts.push(indexes.length);
      const replicaIndexes = table.Replicas[0].GlobalSecondaryIndexes ?? [];
      for (const index of replicaIndexes) {
        expect(index.ReadProvisionedThroughputSettings).toEqual(read);
      }
      readIndexCounts.push(replicaIndexes.length);
    }
    expect(writeIndexCounts.sort()).toEqual(indexCounts);
    expect(readIndexCounts.sort()).toEqual(indexCounts);
  });

  it('defaults to 1-1000 units, and passes cdk-nag', () => {
    const { app, template } = synth({ stage: 'dev', capacity: 'provisioned' }, true);
    expect(() => app.synth()).not.toThrow();
    const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(table?.Properties.WriteProvisionedThroughputSettings).toEqual({
      WriteCapacityAutoScalingSettings: autoscaled(1, 1000),
    });
  });

  it('refuses a bad mode, a minimum above the maximum and limits without provisioned capacity', () => {
    const config = (context: Record<string, unknown>) => () =>
      configFromContext((key) => context[key]);
    expect(config({ capacity: 'reserved' })).toThrow(
      new ConfigError('context capacity must be one of on-demand, provisioned, got "reserved"'),
    );
    expect(config({ capacity: 'provisioned', minWriteCapacity: 20, maxWriteCapacity: 10 })).toThrow(
      'context minWriteCapacity (20) must not exceed maxWriteCapacity (10)',
    );
    expect(config({ capacity: 'provisioned', maxReadCapacity: 0 })).toThrow(
      'context maxReadCapacity must be a whole number from 1 to 40000',
    );
    expect(config({ minReadCapacity: 5 })).toThrow(
      'context minReadCapacity needs -c capacity=provisioned',
    );
  });
});
