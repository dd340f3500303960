import { CardFactory, MessageFactory, TeamsInfo, type TurnContext } from 'botbuilder';
import { teamWelcomeCard, welcomeCard } from '../cards/help-cards';
import type { Locale } from '../domain/model';
import { translatorFor } from '../i18n/translator';
import type { TurnDeps } from './bot-deps';
import { replyLocale } from './reply-locale';
import { readTurnIdentity } from './turn-identity';

/** The app was installed: a welcome card in a personal chat, the team greeting in a team or group chat. */
export async function greetInstallation(deps: TurnDeps, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const check = readTurnIdentity(activity, deps.allowedTenantId);
  const locale = await replyLocale(deps.languages, activity, check.ok ? check.identity.user : undefined);
  if (activity.conversation?.conversationType === 'channel' || activity.conversation?.isGroup) {
    await greetTeam(deps, context, locale);
    return;
  }
  const name = check.ok ? check.identity.displayName?.split(' ')[0] : undefined;
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(welcomeCard(name, locale, translatorFor(locale)))));
}

/**
 * Installed in a team: if it is a community's team, welcome the community with its card and remember
 * the General channel for community-wide cards; otherwise a short hello.
 */
async function greetTeam(deps: TurnDeps, context: TurnContext, locale: Locale): Promise<void> {
  const activity = context.activity;
  const t = translatorFor(locale);
  const botName = activity.recipient?.name ?? t('app.name');
  const team = (activity.channelData as { team?: { id?: string; aadGroupId?: string } } | undefined)?.team;
  let groupId = team?.aadGroupId;
  if (!groupId && team?.id) {
    // Teams does not always put the group id in channelData; the Bot Connector knows it (teams-graph-facts §8.2).
    groupId = await TeamsInfo.getTeamDetails(context)
      .then((details) => details.aadGroupId)
      .catch((error: unknown) => {
        deps.logger.warn({ err: error, activityId: activity.id }, 'could not read the team details');
        return undefined;
      });
  }
  const community = groupId ? await deps.services.communities.findByTeamId(groupId.toLowerCase()) : undefined;
  if (!community || !team?.id) {
    await context.sendActivity(t('welcome.team', { bot: botName }));
    return;
  }
  await deps.services.communities.recordGeneralChannel(community.id, team.id);
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(teamWelcomeCard(community, botName, locale, t))));
}
