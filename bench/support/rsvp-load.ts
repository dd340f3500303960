import { readFileSync } from 'node:fs';
import type { RsvpLoad } from './rsvp-load-shape';

/**
 * The load side of bench:rsvp, loaded by autocannon in its worker thread (so the load does not take the
 * app's thread): each request is one person pressing « En personne » on the meeting's card, the invoke
 * Teams sends (tests/support/teams-activities.ts, cardAction). What to send comes from the JSON file
 * named by RSVP_LOAD_FILE, written by bench/rsvp.ts before each round.
 */
interface RequestSpec {
  readonly body?: string | Buffer;
}

const file = process.env.RSVP_LOAD_FILE;
if (!file) throw new Error('RSVP_LOAD_FILE names the load to send');
const load = JSON.parse(readFileSync(file, 'utf8')) as RsvpLoad;
let sent = 0;

function rsvpInvoke(n: number): string {
  const person = load.people[n % load.people.length];
  if (!person) throw new Error(`no person ${n}`);
  return JSON.stringify({
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `rsvp-${load.meetingId}-${n}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: load.serviceUrl,
    from: person.from,
    recipient: { id: '28:meeting-bot', name: 'Communautés' },
    conversation: { conversationType: 'personal', id: person.conversationId, tenantId: load.tenantId },
    channelData: { tenant: { id: load.tenantId } },
    locale: 'fr-CA',
    replyToId: `rsvp-card-${n}`,
    value: {
      action: {
        type: 'Action.Execute',
        id: `answer-${n}`,
        verb: 'meeting.answer',
        data: { meeting: load.meetingId, version: 1, answer: 'in_person', lang: 'fr-CA', lunch: 'true', dietary: '' },
      },
      trigger: 'manual',
    },
  });
}

function setupRequest<T extends RequestSpec>(request: T): T {
  return { ...request, body: rsvpInvoke(sent++) };
}

export = setupRequest;
