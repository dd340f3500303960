import * as ACData from 'adaptivecards-templating';
import archiveConfirmation from './templates/archive-confirmation.json';
import communityForm from './templates/community-form.json';
import communityInfo from './templates/community-info.json';
import communityList from './templates/community-list.json';
import help from './templates/help.json';
import myCommunities from './templates/my-communities.json';
import provisioningProgress from './templates/provisioning-progress.json';
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
} as const;

export type CardName = keyof typeof TEMPLATES;

// Parsing a template is the costly part; do it once per template, expand per reply.
const compiled = new Map<CardName, ACData.Template>(
  Object.entries(TEMPLATES).map(([name, json]) => [name as CardName, new ACData.Template(json)]),
);

export function renderCard(name: CardName, data: object): AdaptiveCardJson {
  const template = compiled.get(name);
  if (!template) throw new Error(`Unknown card template ${name}`);
  return template.expand({ $root: data }) as AdaptiveCardJson;
}
