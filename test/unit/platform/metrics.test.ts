import { Metrics, MetricUnit as PowertoolsUnit } from '@aws-lambda-powertools/metrics';
import { EmfMetrics, type MetricUnit } from '../../../lambdas/platform/metrics';

type Added = [name: string, unit: MetricUnit, value: number];

/** The EMF lines Powertools Metrics writes for the same calls, with the clock fixed. */
function powertoolsLines(flushes: Added[][]): string[] {
  const lines: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk).trimEnd());
    return true;
  });
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const reference = new Metrics({ namespace: 'Forwarder', serviceName: 'svc' });
    for (const added of flushes) {
      for (const [name, unit, value] of added) {
        reference.addMetric(name, PowertoolsUnit[unit], value);
      }
      reference.publishStoredMetrics();
    }
  } finally {
    write.mockRestore();
    warn.mockRestore();
  }
  return lines;
}

function emfLines(flushes: Added[][], disabled = false): string[] {
  const lines: string[] = [];
  const metrics = new EmfMetrics({
    namespace: 'Forwarder',
    service: 'svc',
    disabled,
    write: (line) => lines.push(line),
  });
  for (const added of flushes) {
    for (const [name, unit, value] of added) metrics.addMetric(name, unit, value);
    metrics.publishStoredMetrics();
  }
  return lines;
}

describe('EmfMetrics', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-03-02T08:00:00.123Z') }));
  afterEach(() => jest.useRealTimers());

  it('writes the line Powertools Metrics writes, flush by flush', () => {
    const flushes: Added[][] = [
      [
        ['Accepted', 'Count', 1],
        ['Accepted.agent.state', 'Count', 1],
        ['EnqueueLatency', 'Milliseconds', 12.5],
      ],
      [
        ['Accepted', 'Count', 0],
        ['Rejected', 'Count', 2],
        ['Rejected.invalid', 'Count', 2],
      ],
      [
        ['Accepted', 'Count', 3],
        ['Accepted', 'Count', 4],
      ],
    ];
    expect(emfLines(flushes)).toEqual(powertoolsLines(flushes));
  });

  it('writes nothing when nothing was added', () => {
    expect(emfLines([[]])).toEqual([]);
  });

  it('forgets what it would have written when disabled', () => {
    expect(emfLines([[['Accepted', 'Count', 1]], []], true)).toEqual([]);
  });
});
