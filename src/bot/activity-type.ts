import type { Activity, ActivityTypes } from 'botbuilder';

/** Activity.type is a plain string and ActivityTypes a string enum: compared through here, both sides are strings. */
export function isActivityOfType<A extends Pick<Activity, 'type'>>(activity: A | undefined, type: ActivityTypes): activity is A {
  const expected: string = type;
  return activity?.type === expected;
}
