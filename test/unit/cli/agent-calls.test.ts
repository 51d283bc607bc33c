import { agentCallsByDay, type DayCalls } from '../../../bin/cli/agent-calls';
import type { Item } from '../../../lambdas/items/item';

const call = (callId: string, callStart: string, agentId = '7', accountId = '15300002'): Item => ({
  callId,
  callStart,
  agentId,
  accountId,
});

const CALLS = [
  call('a', '2026-03-01T09:00:00.000Z'),
  call('b', '2026-03-02T15:00:00.000Z'),
  call('c', '2026-03-02T08:00:00.000Z'),
  call('other-agent', '2026-03-02T10:00:00.000Z', '8'),
  call('other-account', '2026-03-02T11:00:00.000Z', '7', '15300003'),
  call('d', '2026-03-04T12:00:00.000Z'),
];

/** The calls table's day reads over CALLS, recording which days were read and how many calls. */
function recordingReader(): DayCalls & { days: string[]; largestRead: number } {
  const reader = {
    days: [] as string[],
    largestRead: 0,
    async dayCallIds(
      callDay: string,
      window: { readonly from: string; readonly through: string },
      accountId?: string,
    ) {
      reader.days.push(callDay);
      return CALLS.filter(
        (item) =>
          String(item.callStart).startsWith(callDay) &&
          String(item.callStart) >= window.from &&
          String(item.callStart) <= window.through &&
          (accountId === undefined || item.accountId === accountId),
      ).map((item) => String(item.callId));
    },
    async calls(callIds: readonly string[]) {
      reader.largestRead = Math.max(reader.largestRead, callIds.length);
      return CALLS.filter((item) => callIds.includes(String(item.callId))).reverse();
    },
  };
  return reader;
}

const WINDOW = { from: '2026-03-01T00:00:00.000Z', through: '2026-03-05T00:00:00.000Z' };

describe("an agent's calls, read day by day", () => {
  it('keeps the calls the agent handled, by start, reading each day once and in order', async () => {
    const reader = recordingReader();
    const found = await agentCallsByDay(reader, { agentId: '7' }, WINDOW, Number.MAX_SAFE_INTEGER);
    expect(found.rows.map((item) => item.callId)).toEqual(['a', 'c', 'other-account', 'b', 'd']);
    expect(found.more).toBe(false);
    expect(reader.days).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
    ]);
    // One day's calls at a time, not the range's.
    expect(reader.largestRead).toBe(4);
  });

  it('keeps to the account when one is given', async () => {
    const found = await agentCallsByDay(
      recordingReader(),
      { agentId: '7', accountId: '15300002' },
      WINDOW,
      Number.MAX_SAFE_INTEGER,
    );
    expect(found.rows.map((item) => item.callId)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('stops after the day that goes past --limit, and says there are more', async () => {
    const reader = recordingReader();
    const found = await agentCallsByDay(reader, { agentId: '7', accountId: '15300002' }, WINDOW, 2);
    expect(found).toEqual({ rows: [CALLS[0], CALLS[2]], more: true });
    expect(reader.days).toEqual(['2026-03-01', '2026-03-02']);
  });

  it('reads on when the limit is reached exactly, to know whether more follow', async () => {
    const reader = recordingReader();
    const agent = { agentId: '7', accountId: '15300002' };
    expect(await agentCallsByDay(reader, agent, WINDOW, 4)).toMatchObject({ more: false });
    expect(await agentCallsByDay(recordingReader(), agent, WINDOW, 3)).toMatchObject({
      more: true,
    });
  });
});
