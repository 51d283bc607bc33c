import {
  AGENT_INTERVAL_COLUMNS,
  type AgentIntervalRow,
} from '../../../lambdas/intervals/agent-figures';
import { toCsv } from '../../../lambdas/intervals/csv';
import { DAY_SEGMENT_COLUMNS, type DaySegmentRow } from '../../../lambdas/intervals/day-segments';
import {
  QUEUE_INTERVAL_COLUMNS,
  type QueueIntervalRow,
} from '../../../lambdas/intervals/queue-figures';

const agentRow: AgentIntervalRow = {
  agentId: '1369310',
  username: 'Doe, "JD" Jane',
  intervalStart: '2026-03-02T08:00:00.000Z',
  localStart: '2026-03-02T08:00:00+00:00',
  loggedInSeconds: 1800,
  availableSeconds: 900,
  talkSeconds: 600,
  afterCallWorkSeconds: 300,
  otherSeconds: 0,
  callsHandled: 1,
  stateSeconds: { AVAILABLE: 900, ENGAGED: 600, 'WORKING/WRAP-UP': 300 },
};

describe('CSV', () => {
  it('writes a header and one CRLF line per row, quoting what needs it', () => {
    expect(toCsv(AGENT_INTERVAL_COLUMNS, [agentRow])).toBe(
      'agentId,username,intervalStart,localStart,loggedInSeconds,availableSeconds,talkSeconds,afterCallWorkSeconds,otherSeconds,callsHandled,stateSeconds\r\n' +
        '1369310,"Doe, ""JD"" Jane",2026-03-02T08:00:00.000Z,2026-03-02T08:00:00+00:00,1800,900,600,300,0,1,' +
        '"{""AVAILABLE"":900,""ENGAGED"":600,""WORKING/WRAP-UP"":300}"\r\n',
    );
  });

  it('leaves absent values empty and quotes line breaks', () => {
    const { username: _, ...anonymous } = agentRow;
    const [, line] = toCsv(AGENT_INTERVAL_COLUMNS, [anonymous]).split('\r\n');
    expect(line?.startsWith('1369310,,2026')).toBe(true);
    expect(toCsv(['state'], [{ state: 'Team\nHuddle' }])).toBe('state\r\n"Team\nHuddle"\r\n');
  });

  it('has a column for every field a row can hold, in the JSON order', () => {
    const queueRow: Required<QueueIntervalRow> = {
      gateId: '72992',
      gateName: 'My Queue',
      callType: 'ACD',
      intervalStart: '',
      localStart: '',
      offered: 0,
      answered: 0,
      abandoned: 0,
      otherEnded: 0,
      answeredWithinThreshold: 0,
      serviceLevelPercent: 0,
      averageQueueSeconds: 0,
      averageTalkSeconds: 0,
      averageAfterCallWorkSeconds: 0,
      averageHandleSeconds: 0,
    };
    const segmentRow: Required<DaySegmentRow> = {
      agentId: '',
      agentLoginId: '',
      state: '',
      auxState: '',
      activity: 'away',
      start: '',
      end: '',
      seconds: 0,
      callId: '',
    };
    expect(Object.keys(queueRow)).toEqual([...QUEUE_INTERVAL_COLUMNS]);
    expect(Object.keys(segmentRow)).toEqual([...DAY_SEGMENT_COLUMNS]);
    expect(Object.keys(agentRow)).toEqual([...AGENT_INTERVAL_COLUMNS]);
  });
});
