import { type CommunityWithCounts, type Locale, pick } from '../domain/model';
import type { Translate } from '../i18n/translator';
import { type AdaptiveCardJson, renderCard } from './render-card';

/**
 * What the help card needs of a command. The bot's command registry fits this shape; cards/ never
 * imports bot/, so the shape is declared here.
 */
export interface HelpEntry {
  /** Names the `commands.<id>.usage` and `commands.<id>.description` strings. */
  readonly id: string;
  readonly audience: 'everyone' | 'organisers';
}

/**
 * The help card is generated from the command registry, so it never drifts from what the bot understands.
 * Organiser commands are listed, in their own section, only for people who may use them.
 */
export function helpCard(
  commands: readonly HelpEntry[],
  locale: Locale,
  t: Translate,
  options: { readonly greeting?: string; readonly forOrganiser?: boolean } = {},
): AdaptiveCardJson {
  const line = (c: HelpEntry) => ({ usage: t(`commands.${c.id}.usage`), description: t(`commands.${c.id}.description`) });
  return renderCard('help', {
    lang: locale,
    title: t('help.title'),
    greeting: options.greeting ?? '',
    intro: t('help.intro'),
    tip: t('help.tip'),
    listButton: t('buttons.list'),
    commands: commands.filter((c) => c.audience === 'everyone').map(line),
    organiserTitle: t('help.organiserTitle'),
    organiserTip: t('help.organiserTip'),
    organiserCommands: options.forOrganiser ? commands.filter((c) => c.audience === 'organisers').map(line) : [],
  });
}

export function welcomeCard(name: string | undefined, locale: Locale, t: Translate): AdaptiveCardJson {
  return renderCard('welcome', {
    lang: locale,
    title: t('welcome.title'),
    hello: name ? t('welcome.hello', { name }) : t('welcome.helloAnonymous'),
    body: t('welcome.body'),
    helpHint: t('welcome.helpHint'),
    listButton: t('buttons.list'),
    helpButton: t('buttons.help'),
  });
}

/** Posted in a community team's General channel when the app is installed there. */
export function teamWelcomeCard(community: CommunityWithCounts, botName: string, locale: Locale, t: Translate): AdaptiveCardJson {
  const name = pick(community.name, locale);
  return renderCard('teamWelcome', {
    lang: locale,
    slug: community.slug,
    title: t('welcome.teamTitle', { community: name }),
    summary: pick(community.summary, locale),
    body: t('welcome.teamBody'),
    helpHint: t('welcome.teamHelp', { bot: botName }),
    infoButton: t('buttons.info'),
  });
}
