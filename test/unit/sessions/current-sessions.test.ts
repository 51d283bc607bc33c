import {
  currentSessions,
  entriesWorthReading,
  type PresenceEntry,
} from '../../../lambdas/sessions/current-sessions';
import type { StoredSession } from '../../../lambdas/sessions/stored-session';

const entry = (agentLoginId: string, agentKey: string, loginAt?: string): PresenceEntry => ({
  agentLoginId,
  agentKey,
  ...(loginAt === undefined ? {} : { loginAt }),
});

const session = (
  agentLoginId: string,
  agentId: string,
  times: { loginAt?: string; lastEventAt: string },
): StoredSession => ({
  agentLoginId,
  accountId: '15300002',
  agentId,
  status: 'LOGGED_IN',
  ...times,
});

describe("each agent's current session", () => {
  it('is read only for the newest entry per agent, and for entries that cannot be placed yet', () => {
    const entries = [
      entry('100', '15300002#1', '2026-05-01T08:00:00.000Z'),
      // A session left open by a missed LOGOUT, then a new login: not worth reading.
      entry('101', '15300002#1', '2026-04-30T08:00:00.000Z'),
      entry('200', '15300002#2', '2026-05-01T09:00:00.000Z'),
      // Its LOGIN is not stored: only reading the session places it.
      entry('201', '15300002#2'),
    ];
    expect(
      entriesWorthReading(entries)
        .map((read) => read.agentLoginId)
        .sort(),
    ).toEqual(['100', '200', '201']);
  });

  it('is the newest by login time (else last event), then by login id', () => {
    const sessions = [
      session('100', '1', { loginAt: '2026-05-01T08:00:00.000Z', lastEventAt: 'x' }),
      session('101', '1', {
        loginAt: '2026-04-30T08:00:00.000Z',
        lastEventAt: '2026-04-30T17:00:00.000Z',
      }),
      session('200', '2', { lastEventAt: '2026-05-01T10:00:00.000Z' }),
      session('201', '2', { loginAt: '2026-05-01T09:00:00.000Z', lastEventAt: 'x' }),
      session('300', '3', { loginAt: '2026-05-01T09:00:00.000Z', lastEventAt: 'x' }),
      session('31', '3', { loginAt: '2026-05-01T09:00:00.000Z', lastEventAt: 'x' }),
    ];
    expect(
      currentSessions(sessions)
        .map((current) => current.agentLoginId)
        .sort(),
    ).toEqual(['100', '200', '300']);
  });
});
