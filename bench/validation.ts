/**
 * Events per second of decode + classify + validate + normalize, against `JSON.parse` alone on
 * the same payloads (the sample contact-center day), measured in the same process and moment.
 */
import { decodeRequest, interpretRecord } from '../lambdas/events';
import { sampleDayBodies } from '../samples/sample-day';

export interface ValidationFigures {
  payloads: number;
  jsonParsePerSecond: number;
  pipelinePerSecond: number;
  ratio: number;
}

const timeZones = { defaultZone: 'America/Chicago', byAccount: {} };

function ratePerSecond(bodies: string[], work: (body: string) => unknown, minMs: number): number {
  let done = 0;
  const start = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < minMs) {
    for (const body of bodies) work(body);
    done += bodies.length;
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (done / elapsedMs) * 1000;
}

function pipeline(body: string): unknown {
  const decoded = decodeRequest({ body, contentType: 'application/json' });
  if (!decoded.ok) throw new Error('sample refused');
  const result = interpretRecord(decoded.records[0], {
    receivedAt: new Date(),
    timeZones,
    transport: { encoding: 'json' },
  });
  if (!result.ok) throw new Error('sample refused');
  return result;
}

/** Alternating rounds so that neither side gets the quieter moment of the machine. */
export function measureValidation(rounds: number, msPerRound: number): ValidationFigures[] {
  const bodies = sampleDayBodies();
  ratePerSecond(bodies, pipeline, 300);
  ratePerSecond(bodies, (body) => JSON.parse(body), 300);
  const figures: ValidationFigures[] = [];
  for (let round = 0; round < rounds; round++) {
    const jsonParsePerSecond = ratePerSecond(bodies, (body) => JSON.parse(body), msPerRound);
    const pipelinePerSecond = ratePerSecond(bodies, pipeline, msPerRound);
    figures.push({
      payloads: bodies.length,
      jsonParsePerSecond,
      pipelinePerSecond,
      ratio: pipelinePerSecond / jsonParsePerSecond,
    });
  }
  return figures;
}

if (require.main === module) {
  for (const figure of measureValidation(5, 500)) {
    console.log(
      `JSON.parse ${Math.round(figure.jsonParsePerSecond)}/s, pipeline ${Math.round(figure.pipelinePerSecond)}/s, ratio ${figure.ratio.toFixed(3)}`,
    );
  }
}
