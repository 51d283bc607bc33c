import type { CallContribution } from '../../../lambdas/calls/call-contributions';
import { serialCallMerges } from '../../../lambdas/calls/serial-call-merges';

const contribution = {} as CallContribution;

/** A call table whose merges stay open until released, recording what runs at once. */
function heldTable() {
  const running = new Set<string>();
  const log: string[] = [];
  const releases: (() => void)[] = [];
  return {
    log,
    releaseNext: () => releases.shift()?.(),
    table: {
      merge: (callId: string) => {
        log.push(`start ${callId}${running.has(callId) ? ' (overlapping)' : ''}`);
        running.add(callId);
        return new Promise<void>((resolve) => {
          releases.push(() => {
            running.delete(callId);
            log.push(`end ${callId}`);
            resolve();
          });
        });
      },
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the call merges of one batch', () => {
  it('run one at a time per call, and side by side across calls', async () => {
    const { table, log, releaseNext } = heldTable();
    const calls = serialCallMerges(table);
    const merges = [
      calls.merge('A', contribution),
      calls.merge('A', contribution),
      calls.merge('B', contribution),
    ];
    await settle();
    expect(log).toEqual(['start A', 'start B']);
    releaseNext();
    await settle();
    expect(log).toEqual(['start A', 'start B', 'end A', 'start A']);
    releaseNext();
    releaseNext();
    await Promise.all(merges);
    expect(log).not.toContain('start A (overlapping)');
  });

  it('a failed merge fails only itself; the next merge of that call still runs', async () => {
    const merge = jest
      .fn()
      .mockRejectedValueOnce(new Error('merge failed'))
      .mockResolvedValueOnce('updated');
    const calls = serialCallMerges({ merge });
    const failed = calls.merge('A', contribution);
    const next = calls.merge('A', contribution);
    await expect(failed).rejects.toThrow('merge failed');
    await expect(next).resolves.toBe('updated');
    expect(merge).toHaveBeenCalledTimes(2);
  });
});
