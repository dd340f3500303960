import { randomBytes } from 'node:crypto';
import * as ACData from 'adaptivecards-templating';
import archiveConfirmation from './templates/archive-confirmation.json';
import communityForm from './templates/community-form.json';
import communityInfo from './templates/community-info.json';
import communityList from './templates/community-list.json';
import deliveryReports from './templates/delivery-reports.json';
import help from './templates/help.json';
import meetingBilan from './templates/meeting-bilan.json';
import meetingCancelConfirmation from './templates/meeting-cancel-confirmation.json';
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
  meetingCancelConfirmation,
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
 *
 * Some cards differ from one reader to the next only by a few words (an RSVP card: their answer, rank and
 * calendar link; the live counts), which would make every card a new key. Such words are passed as slots
 * (`slot(text)`): the card is expanded, and kept, with a marker in their place, then each reader's copy gets
 * their words put back. A slot must only ever be shown (never tested by a `$when`), so an empty text is
 * passed as itself, not as a slot: the card's shape then follows from the key alone.
 */
const RENDERED_LIMIT = 500;
const rendered = new Map<string, AdaptiveCardJson>();

/** A text that varies from one reader to the next without changing the card's shape (see above). */
export class Slot {
  constructor(readonly text: string) {}
}

/** `text` as a slot, or '' as itself (an empty text can hide a block). */
export function slot(text: string): string | Slot {
  return text === '' ? text : new Slot(text);
}

// The marker carries a per-process nonce: no text from a person or an organiser can pass for one.
const NONCE = randomBytes(6).toString('hex');
const MARKER = new RegExp(`\u0001${NONCE}:(\\d+)\u0001`, 'g');

export function renderCard(name: CardName, data: object): AdaptiveCardJson {
  const texts: string[] = [];
  const shaped = JSON.stringify(data, (_key, value: unknown) => (value instanceof Slot ? `\u0001${NONCE}:${texts.push(value.text) - 1}\u0001` : value));
  const key = `${name}\u0000${shaped}`;
  let card = rendered.get(key);
  if (!card) {
    const template = compiled.get(name);
    if (!template) throw new Error(`Unknown card template ${name}`);
    card = deepFreeze(template.expand({ $root: texts.length > 0 ? (JSON.parse(shaped) as object) : data }) as AdaptiveCardJson);
    if (rendered.size >= RENDERED_LIMIT) rendered.clear();
    rendered.set(key, card);
  }
  return texts.length > 0 ? (fill(card, texts) as AdaptiveCardJson) : card;
}

/** A copy of `value` with every marker replaced by its text (texts are not read again for markers). */
function fill(value: unknown, texts: readonly string[]): unknown {
  if (typeof value === 'string') return value.includes('\u0001') ? value.replace(MARKER, (_marker, index: string) => texts[Number(index)] ?? '') : value;
  if (Array.isArray(value)) return value.map((item) => fill(item, texts));
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = fill(item, texts);
    return copy;
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
