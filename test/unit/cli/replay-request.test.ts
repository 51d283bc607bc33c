import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  REPLAY_OF_HEADER,
  REPLAY_RUN_HEADER,
  RunStopped,
  sendReplay,
  whyRefused,
} from '../../../bin/cli/replay-request';

/** An endpoint that answers each request as `answer` says, by its position. */
async function endpoint(
  answer: (index: number) => 'drop' | { status: number; body: unknown },
): Promise<{ url: string; seen: Record<string, string | string[] | undefined>[]; server: Server }> {
  const seen: Record<string, string | string[] | undefined>[] = [];
  const server = createServer((request, response) => {
    const index = seen.length;
    seen.push(request.headers);
    request.resume();
    request.on('end', () => {
      const planned = answer(index);
      if (planned === 'drop') {
        request.socket.destroy();
        return;
      }
      response.writeHead(planned.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(planned.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, server };
}

const request = { method: 'POST', path: '/v1/agent-events', body: '{}', replayOf: 'r-1' };

describe('a replayed request', () => {
  it('is sent again after a lost connection or a busy answer, and names its run and origin', async () => {
    const { url, seen, server } = await endpoint((index) =>
      index === 0 ? 'drop' : index === 1 ? { status: 503, body: {} } : { status: 202, body: {} },
    );
    try {
      const delivery = await sendReplay({ apiUrl: url, token: 't' }, request, 'run-1', [0, 0, 0]);
      expect(delivery.status).toBe(202);
      expect(seen).toHaveLength(3);
      expect(seen[2]).toMatchObject({
        [REPLAY_RUN_HEADER]: 'run-1',
        [REPLAY_OF_HEADER]: 'r-1',
        'x-webhook-token': 't',
      });
    } finally {
      server.close();
    }
  });

  it('stops the run (exit 1, the item left alone) when every try failed', async () => {
    const { url, seen, server } = await endpoint(() => 'drop');
    try {
      const sent = sendReplay({ apiUrl: url, token: 't' }, request, 'run-1', [0, 0]);
      await expect(sent).rejects.toThrow(RunStopped);
      await expect(sent).rejects.toMatchObject({
        exitCode: 1,
        message: expect.stringMatching(/cannot be reached: .* on each of 3 tries: try again later/),
      });
      expect(seen).toHaveLength(3);
    } finally {
      server.close();
    }
  });

  it('does not send a refusal or a wrong credential again', async () => {
    const { url, seen, server } = await endpoint(() => ({ status: 401, body: {} }));
    try {
      expect((await sendReplay({ apiUrl: url, token: 't' }, request, 'r', [0])).status).toBe(401);
      expect(seen).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('says why it was refused: the reason and the first issues', () => {
    const issues = Array.from({ length: 5 }, (_, index) => ({
      path: `field${index}`,
      message: 'required',
    }));
    expect(
      whyRefused({ status: 422, body: { error: 'invalid event', issues, omittedIssues: 2 } }),
    ).toBe('invalid event; field0: required; field1: required; field2: required; (4 more)');
    expect(whyRefused({ status: 502, body: '<html>Bad gateway</html>' })).toBe(
      '<html>Bad gateway</html>',
    );
  });
});
