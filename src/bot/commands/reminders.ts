import { reminderSettings } from '../../application/meetings';
import { parseReminderOffsets } from '../../domain/meetings/reminder-schedule';
import { pick } from '../../domain/model';
import type { CommandHandler } from '../command-context';
import { actorOf } from '../community-administration-replies';
import { meetingRefusal } from '../meeting-replies';
import type { Translate } from '../../i18n/translator';

/**
 * "rappels <communauté> [7j 1j 2h]": shows or sets when the community's reminders go. The longest tail
 * of words that reads as offsets is the setting; the words before it name the community.
 */
export const remindersCommand: CommandHandler = async ({ identity, locale, t, argument, meetings }) => {
  const words = argument.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return { text: t('meetingReplies.usage', { example: t('commands.reminders.usage') }) };
  let split = words.length;
  for (let i = 1; i < words.length; i += 1) {
    if (parseReminderOffsets(words.slice(i).join(' ')).ok) {
      split = i;
      break;
    }
  }
  const tail = words.slice(split).join(' ');
  const parsed = tail === '' ? undefined : parseReminderOffsets(tail);
  if (parsed && !parsed.ok) return meetingRefusal({ code: 'invalid_reminder_offsets', bad: parsed.bad }, locale, t, t('commands.reminders.usage'));
  const result = await reminderSettings(meetings, actorOf(identity), { query: words.slice(0, split).join(' ') }, parsed?.offsets);
  if (!result.ok) return meetingRefusal(result.refusal, locale, t, t('commands.reminders.usage'));
  const list = describeOffsets(result.value.offsets, t);
  const community = pick(result.value.community.name, locale);
  return { text: t(parsed ? 'meetingReplies.remindersSet' : 'meetingReplies.remindersAre', { community, list }) };
};

export function describeOffsets(offsets: readonly string[], t: Translate): string {
  if (offsets.length === 0) return t('meetingReplies.noReminders');
  return offsets.map((code) => t(`meetingReplies.offset.${code.slice(-1)}`, { count: Number(code.slice(0, -1)) })).join(', ');
}
