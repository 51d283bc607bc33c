import { SERVICE_NAME } from './logger';

export const MetricUnit = { Count: 'Count', Milliseconds: 'Milliseconds' } as const;
export type MetricUnit = (typeof MetricUnit)[keyof typeof MetricUnit];

export interface EmfOptions {
  namespace: string;
  service: string;
  disabled: boolean;
  write: (line: string) => void;
}

/**
 * Metrics as CloudWatch embedded metric format (EMF) lines on stdout, the line Powertools
 * Metrics writes (same namespace, `service` dimension and layout), without its per-call
 * validation and environment reads, which cost ingest more CPU per request than its SQS send.
 */
export class EmfMetrics {
  readonly #options: EmfOptions;
  readonly #stored = new Map<string, { unit: MetricUnit; values: number[] }>();

  constructor(options: EmfOptions) {
    this.#options = options;
  }

  /** A name added again in one flush keeps every value, as EMF allows. */
  addMetric(name: string, unit: MetricUnit, value: number): void {
    const stored = this.#stored.get(name);
    if (stored === undefined) this.#stored.set(name, { unit, values: [value] });
    else stored.values.push(value);
  }

  /** Writes what was added since the last call as one line, then forgets it. */
  publishStoredMetrics(): void {
    if (this.#stored.size === 0) return;
    const definitions: { Name: string; Unit: MetricUnit }[] = [];
    const values: Record<string, number | number[]> = {};
    for (const [name, { unit, values: all }] of this.#stored) {
      definitions.push({ Name: name, Unit: unit });
      values[name] = all.length === 1 ? (all[0] as number) : all;
    }
    this.#stored.clear();
    if (this.#options.disabled) return;
    const line = {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          { Namespace: this.#options.namespace, Dimensions: [['service']], Metrics: definitions },
        ],
      },
      service: this.#options.service,
      ...values,
    };
    this.#options.write(JSON.stringify(line));
  }
}

/** The values Powertools reads as "on" in POWERTOOLS_METRICS_DISABLED. */
const ON = new Set(['1', 'y', 'yes', 't', 'true', 'on']);

/** Apart from the logger: only ingest emits metrics. */
export const metrics = new EmfMetrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'EngageWfmForwarder',
  service: SERVICE_NAME,
  disabled: ON.has(process.env.POWERTOOLS_METRICS_DISABLED?.toLowerCase() ?? ''),
  write: (line) => process.stdout.write(`${line}\n`),
});
