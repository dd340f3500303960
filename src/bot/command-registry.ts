import type { CommandDefinition } from './command-context';
import { archiveCommand } from './commands/archive';
import { communitiesCommand } from './commands/communities';
import { deliveryCommand } from './commands/delivery';
import { guestsCommand } from './commands/guests';
import { helpCommand } from './commands/help';
import { infoCommand } from './commands/info';
import { interestCommand } from './commands/interest';
import { inviteCommand } from './commands/invite';
import { joinCommand } from './commands/join';
import { launchCommand } from './commands/launch';
import { leaveCommand } from './commands/leave';
import { myCommunitiesCommand } from './commands/my-communities';
import { newCommunityCommand } from './commands/new-community';
import { preferencesCommand } from './commands/preferences';
import { unarchiveCommand } from './commands/unarchive';
import { scheduleCommand } from './commands/schedule';
import { meetingsCommand } from './commands/meetings';
import { cancelMeetingCommand, meetingCapacityCommand, meetingLinkCommand, meetingSummaryCommand, moveMeetingCommand } from './commands/change-meeting';
import { remindersCommand } from './commands/reminders';
import { publishRecordingCommand } from './commands/publish-recording';

/**
 * Every command, in the order the help card lists them. The help card, the parser and the manifest's
 * commandLists all derive from this list (a test checks the manifest against it).
 */
export const COMMANDS: readonly CommandDefinition[] = [
  { id: 'help', aliases: { 'fr-CA': ['aide', 'bonjour', 'salut', 'menu'], en: ['help', 'hello', 'hi'] }, takesCommunity: false, audience: 'everyone', handler: helpCommand },
  {
    id: 'communities',
    aliases: { 'fr-CA': ['communautés', 'communauté', 'liste', 'lister'], en: ['communities', 'community', 'list'] },
    takesCommunity: false,
    audience: 'everyone',
    handler: communitiesCommand,
  },
  { id: 'info', aliases: { 'fr-CA': ['info', 'infos', 'à propos', 'décrire'], en: ['about', 'info', 'describe'] }, takesCommunity: true, audience: 'everyone', handler: infoCommand },
  { id: 'join', aliases: { 'fr-CA': ['rejoindre', 'joindre', 'adhérer'], en: ['join'] }, takesCommunity: true, audience: 'everyone', handler: joinCommand },
  { id: 'leave', aliases: { 'fr-CA': ['quitter'], en: ['leave'] }, takesCommunity: true, audience: 'everyone', handler: leaveCommand },
  {
    id: 'interest',
    aliases: { 'fr-CA': ['intérêt', 'intéressé', 'intéressée', 'm’intéresse'], en: ['interest', 'interested'] },
    takesCommunity: true,
    audience: 'everyone',
    handler: interestCommand,
  },
  // Everyone's: the meetings ahead.
  { id: 'meetings', aliases: { 'fr-CA': ['rencontres', 'rencontre', 'activités'], en: ['meetings', 'meeting', 'events'] }, takesCommunity: false, audience: 'everyone', handler: meetingsCommand },
  {
    id: 'mine',
    aliases: { 'fr-CA': ['mes communautés', 'mes communautes'], en: ['my communities', 'mine'] },
    takesCommunity: false,
    audience: 'everyone',
    handler: myCommunitiesCommand,
  },
  {
    id: 'preferences',
    // The same word in both languages once accents are folded: the word after it says which ("rappels", "reminders").
    aliases: { 'fr-CA': ['préférences', 'préférence', 'prefs'], en: ['preferences', 'preference', 'prefs'] },
    takesCommunity: false,
    audience: 'everyone',
    handler: preferencesCommand,
  },
  {
    id: 'create',
    // "nouvelle-communauté" folds to the same words as "nouvelle communauté": both are understood.
    aliases: { 'fr-CA': ['nouvelle-communauté', 'créer'], en: ['new-community', 'create'] },
    takesCommunity: false,
    audience: 'organisers',
    handler: newCommunityCommand,
    // Out of the manifest since meetings came (`planifier` took its place): still in the help card.
    inManifest: false,
  },
  { id: 'launch', aliases: { 'fr-CA': ['lancer'], en: ['launch'] }, takesCommunity: true, audience: 'organisers', handler: launchCommand, inManifest: false },
  { id: 'schedule', aliases: { 'fr-CA': ['planifier', 'programmer'], en: ['schedule', 'plan'] }, takesCommunity: false, audience: 'organisers', handler: scheduleCommand },
  { id: 'move', aliases: { 'fr-CA': ['déplacer', 'reporter'], en: ['move', 'reschedule'] }, takesCommunity: false, audience: 'organisers', handler: moveMeetingCommand, inManifest: false },
  { id: 'cancel', aliases: { 'fr-CA': ['annuler'], en: ['cancel'] }, takesCommunity: false, audience: 'organisers', handler: cancelMeetingCommand, inManifest: false },
  { id: 'summary', aliases: { 'fr-CA': ['bilan'], en: ['summary'] }, takesCommunity: false, audience: 'organisers', handler: meetingSummaryCommand, inManifest: false },
  { id: 'link', aliases: { 'fr-CA': ['lien'], en: ['link'] }, takesCommunity: false, audience: 'organisers', handler: meetingLinkCommand, inManifest: false },
  { id: 'capacity', aliases: { 'fr-CA': ['places'], en: ['capacity', 'seats'] }, takesCommunity: false, audience: 'organisers', handler: meetingCapacityCommand, inManifest: false },
  {
    id: 'publishRecording',
    aliases: { 'fr-CA': ['publier-enregistrement'], en: ['publish-recording'] },
    takesCommunity: true,
    audience: 'organisers',
    handler: publishRecordingCommand,
    // The manifest's list is full (10): the help card and the bot know it.
    inManifest: false,
  },
  { id: 'reminders', aliases: { 'fr-CA': ['rappels'], en: ['reminders'] }, takesCommunity: false, audience: 'organisers', handler: remindersCommand, inManifest: false },
  // Out of the manifest since `préférences` came: everyone's commands must be in the compose box, and it holds 10.
  { id: 'archive', aliases: { 'fr-CA': ['archiver'], en: ['archive'] }, takesCommunity: true, audience: 'organisers', handler: archiveCommand, inManifest: false },
  {
    id: 'unarchive',
    aliases: { 'fr-CA': ['désarchiver'], en: ['unarchive'] },
    takesCommunity: true,
    audience: 'organisers',
    handler: unarchiveCommand,
    inManifest: false,
  },
  { id: 'guests', aliases: { 'fr-CA': ['invités'], en: ['guests'] }, takesCommunity: true, audience: 'organisers', handler: guestsCommand, inManifest: false },
  { id: 'invite', aliases: { 'fr-CA': ['inviter'], en: ['invite'] }, takesCommunity: true, audience: 'organisers', handler: inviteCommand, inManifest: false },
  { id: 'delivery', aliases: { 'fr-CA': ['livraison', 'livraisons'], en: ['delivery', 'deliveries'] }, takesCommunity: true, audience: 'organisers', handler: deliveryCommand, inManifest: false },
];

/** The commands the manifest's commandLists show, in registry order. */
export const MANIFEST_COMMANDS: readonly CommandDefinition[] = COMMANDS.filter((command) => command.inManifest !== false);
