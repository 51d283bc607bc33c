import { ACTIVITIES, type Activity } from '../../states/activity';

/** The board lists logged-in agents only, so a logged-out count would always read 0. */
export const BOARD_ACTIVITIES: readonly Activity[] = ACTIVITIES.filter(
  (activity) => activity !== 'logged-out',
);

const LABELS: Record<Activity, string> = {
  talking: 'Talking',
  ringing: 'Ringing',
  'after-call-work': 'After-call work',
  available: 'Available',
  reserved: 'Reserved',
  away: 'Away',
  'logging-in': 'Logging in',
  'logged-out': 'Logged out',
};

function isActivity(activity: string): activity is Activity {
  return Object.hasOwn(LABELS, activity);
}

/** The word shown for an activity; one the board does not know yet is shown as sent. */
export function activityLabel(activity: string): string {
  return isActivity(activity) ? LABELS[activity] : activity;
}

/** Activities with a call id worth showing: the agent is on (or being offered) that call. */
export function showsCall(activity: string): boolean {
  return activity === 'talking' || activity === 'ringing';
}
