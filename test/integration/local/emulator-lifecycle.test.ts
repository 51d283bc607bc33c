import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Emulator, startDynamoDbLocal, startSqsEmulator } from '../../../bin/local/emulators';
import { waitFor } from '../../support/resources';

/** Whether anything answers HTTP at the endpoint (any status counts). */
async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe('the emulator processes', () => {
  const started: Emulator[] = [];
  afterAll(() => Promise.all(started.map((emulator) => emulator.stop())));

  it.each([
    ['the SQS emulator', () => startSqsEmulator()],
    ['DynamoDB Local', () => startDynamoDbLocal()],
  ])('stop and start %s again on the same port', async (_name, start) => {
    const emulator = await start();
    started.push(emulator);
    expect(await answers(emulator.endpoint)).toBe(true);
    await emulator.stop();
    expect(await answers(emulator.endpoint)).toBe(false);
    await emulator.start();
    expect(await answers(emulator.endpoint)).toBe(true);
  });

  it('do not outlive the process that started them, even when it is killed outright', async () => {
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', '..', 'support', 'emulator-parent.ts')],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [line] = (await once(createInterface({ input: parent.stdout }), 'line')) as [string];
    const endpoints: { sqs: string; dynamodb: string } = JSON.parse(line);
    expect([await answers(endpoints.sqs), await answers(endpoints.dynamodb)]).toEqual([true, true]);

    parent.kill('SIGKILL');

    await waitFor(
      async () => !(await answers(endpoints.sqs)) && !(await answers(endpoints.dynamodb)),
      { timeoutMs: 30_000, what: 'the emulators of a killed parent to stop' },
    );
  });
});
