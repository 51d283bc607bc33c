/**
 * Events per second of decode + classify + validate + normalize, against `JSON.parse` alone on
 * the same payloads (the sample contact-center day), measured in the same process and moment.
 * Also a ceiling for that ratio: `JSON.parse` plus one SHA-256 over the body and nothing else.
 * An event id that hashes the event's content (the event contract's) hashes text about as long as the body
 * (today the canonical fields, so that re-encodings and reorderings share one id), so no
 * pipeline with such an id, however little it validates, gets much above this.
 */
import { hash } from 'node:crypto';
import { decodeRequest, interpretRecord } from '../lambdas/events';
import { sampleDayBodies } from '../samples/sample-day';

export interface ValidationFigures {
  payloads: number;
  jsonParsePerSecond: number;
  pipelinePerSecond: number;
  ratio: number;
  /** `JSON.parse` plus a SHA-256 of the body, against `JSON.parse`. */
  ceilingRatio: number;
}

const timeZones = { defaultZone: 'America/Chicago', byAccount: {} };

function ratePerSecond(
  bodies: readonly string[],
  work: (body: string) => unknown,
  minMs: number,
): number {
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

function parseAndHash(body: string): unknown {
  JSON.parse(body);
  return hash('sha256', body, 'hex');
}

/** Rounds that take turns (parse, pipeline, ceiling) so no side gets the quieter moment. */
export function measureValidation(
  rounds: number,
  msPerRound: number,
  bodies: readonly string[] = sampleDayBodies(),
): ValidationFigures[] {
  ratePerSecond(bodies, pipeline, 300);
  ratePerSecond(bodies, (body) => JSON.parse(body), 300);
  ratePerSecond(bodies, parseAndHash, 300);
  const figures: ValidationFigures[] = [];
  for (let round = 0; round < rounds; round++) {
    const jsonParsePerSecond = ratePerSecond(bodies, (body) => JSON.parse(body), msPerRound);
    const pipelinePerSecond = ratePerSecond(bodies, pipeline, msPerRound);
    const ceilingPerSecond = ratePerSecond(bodies, parseAndHash, msPerRound);
    figures.push({
      payloads: bodies.length,
      jsonParsePerSecond,
      pipelinePerSecond,
      ratio: pipelinePerSecond / jsonParsePerSecond,
      ceilingRatio: ceilingPerSecond / jsonParsePerSecond,
    });
  }
  return figures;
}

if (require.main === module) {
  for (const figure of measureValidation(5, 500)) {
    console.log(
      `JSON.parse ${Math.round(figure.jsonParsePerSecond)}/s, pipeline ${Math.round(figure.pipelinePerSecond)}/s, ratio ${figure.ratio.toFixed(3)}, ceiling with a content hash ${figure.ceilingRatio.toFixed(3)}`,
    );
  }
}
