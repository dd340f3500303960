import * as ACData from 'adaptivecards-templating';
import archiveConfirmation from './templates/archive-confirmation.json';
import communityForm from './templates/community-form.json';
import communityInfo from './templates/community-info.json';
import communityList from './templates/community-list.json';
import deliveryReports from './templates/delivery-reports.json';
import help from './templates/help.json';
import meetingBilan from './templates/meeting-bilan.json';
import meetingChannelSummary from './templates/meeting-channel-summary.json';
import meetingForm from './templates/meeting-form.json';
import meetingList from './templates/meeting-list.json';
import meetingMessage from './templates/meeting-message.json';
import meetingRsvp from './templates/meeting-rsvp.json';
import myCommunities from './templates/my-communities.json';
import preferences from './templates/preferences.json';
import provisioningProgress from './templates/provisioning-progress.json';
import recordingCandidate from './templates/recording-candidate.json';
import teamWelcome from './templates/team-welcome.json';
import welcome from './templates/welcome.json';

/** An Adaptive Card as JSON, ready to be sent as an attachment or returned from an invoke. */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

const TEMPLATES = {
  help,
  welcome,
  teamWelcome,
  communityList,
  communityInfo,
  myCommunities,
  communityForm,
  provisioningProgress,
  archiveConfirmation,
  deliveryReports,
  preferences,
  meetingForm,
  meetingRsvp,
  meetingChannelSummary,
  meetingList,
  meetingBilan,
  meetingMessage,
  recordingCandidate,
} as const;

export type CardName = keyof typeof TEMPLATES;

// Parsing a template is done once per template, at load.
const compiled = new Map<CardName, ACData.Template>(
  Object.entries(TEMPLATES).map(([name, json]) => [name as CardName, new ACData.Template(json)]),
);

/**
 * Expanding is a pure function of the template and the data, and costs far more than serialising the data
 * (~0.2 ms for the catalogue against a few microseconds, bench/commands.ts), while most people are shown the
 * same card (same catalogue, counts, standing and language). So cards are kept by their exact data: a change
 * to any count, name or standing is a different key, never a stale card. Kept cards are frozen, because every
 * caller then shares them.
 */
const RENDERED_LIMIT = 500;
const rendered = new Map<string, AdaptiveCardJson>();

export function renderCard(name: CardName, data: object): AdaptiveCardJson {
  const key = `${name}\u0000${JSON.stringify(data)}`;
  const known = rendered.get(key);
  if (known) return known;
  const template = compiled.get(name);
  if (!template) throw new Error(`Unknown card template ${name}`);
  const card = deepFreeze(template.expand({ $root: data }) as AdaptiveCardJson);
  if (rendered.size >= RENDERED_LIMIT) rendered.clear();
  rendered.set(key, card);
  return card;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
