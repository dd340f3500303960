import { CardFactory, MessageFactory } from 'botbuilder';
import { provisioningProgressCard } from '../cards/provisioning-cards';
import { LOCALES, type Locale } from '../domain/model';
import type { OutgoingMail } from '../domain/delivery/reach-graph';
import type { DeliveryRendering, DeliveryView, RenderedMessage } from '../domain/delivery/teams-delivery';
import { translatorFor } from '../i18n/translator';
import { rsvpCard } from '../cards/rsvp-cards';
import { channelSummaryCard } from '../cards/meeting-summary-cards';
import { meetingNoticeCard, yearlyRuleCard } from '../cards/meeting-notice-cards';
import { recordingCandidateCard } from '../cards/recording-candidate-cards';
import type { AdaptiveCardJson } from '../cards/render-card';
import { formatMeetingWhen } from '../cards/date-format';
import { meetingIcs } from '../calendar/meeting-ics';
import { pick } from '../domain/model';

/** Outbox views as Teams messages (cards from cards/, words from the locale files) and as e-mails. */
export class BotDeliveryRendering implements DeliveryRendering {
  /** `domain`: the calendar files' UID domain; `organizer`: the mailbox calendar files name as organiser. */
  constructor(private readonly calendar: { readonly domain: string; readonly organizer: string | undefined } = { domain: 'localhost', organizer: undefined }) {}

  /** An invitation or a change of a meeting by e-mail, both languages, with its calendar file (REQUEST or CANCEL). */
  private meetingMail(view: Extract<DeliveryView, { kind: 'meeting_card' | 'meeting_notice' }>, locale: Locale, to: OutgoingMail['to'], from: string): OutgoingMail {
    const { overview } = view.view;
    const { meeting } = overview;
    const notice = view.kind === 'meeting_notice' ? view.notice : 'invitation';
    const order = [locale, ...LOCALES.filter((l) => l !== locale)];
    const sections = order.map((l) => {
      const t = translatorFor(l);
      const when = formatMeetingWhen(meeting.startsAt, meeting.endsAt, overview.timeZone, l, t);
      const link = meeting.joinUrl?.startsWith('https://') ? `<p><a href="${escapeHtml(meeting.joinUrl)}">${escapeHtml(t('meetings.buttons.join'))}</a></p>` : '';
      return [
        `<section lang="${l}">`,
        `<h1>${escapeHtml(t(`meetingReplies.mail.${notice}`, { title: meeting.title, community: pick(overview.communityName, l) }))}</h1>`,
        `<p>${escapeHtml(when)}</p>`,
        meeting.location ? `<p>${escapeHtml(meeting.location)}</p>` : '',
        meeting.agenda ? `<p>${escapeHtml(meeting.agenda)}</p>` : '',
        link,
        `<p>${escapeHtml(t('meetingReplies.mail.calendar'))}</p>`,
        '</section>',
      ].join('\n');
    });
    const subject = order.map((l) => translatorFor(l)(`meetingReplies.mail.${notice}`, { title: meeting.title, community: pick(overview.communityName, l) })).join(' / ');
    const ics = meetingIcs({
      meeting,
      communityName: overview.communityName,
      timeZone: overview.timeZone,
      attendee: { name: to.name, email: to.address },
      organizerEmail: this.calendar.organizer ?? from,
      method: meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
      domain: this.calendar.domain,
      ...(meeting.joinUrl ? { calendarLinks: { joinUrl: meeting.joinUrl } } : {}),
    });
    const html = `<!DOCTYPE html>\n<html lang="${locale}">\n<body>\n${sections.join('\n<hr>\n')}\n</body>\n</html>`;
    return {
      from,
      to,
      subject,
      html,
      attachments: [{ name: `rencontre-${meeting.id}.ics`, contentType: 'text/calendar; charset=utf-8', contentBase64: Buffer.from(ics, 'utf8').toString('base64') }],
    };
  }

  message(view: DeliveryView, locale: Locale): RenderedMessage {
    const t = translatorFor(locale);
    switch (view.kind) {
      case 'launch_notice':
        return { activity: { ...MessageFactory.text(t('progress.youAreIn', { community: view.communityName })), locale } };
      case 'provisioning_progress': {
        const card = provisioningProgressCard(view.data, view.step, view.failure, locale, t, '', view.report);
        return { activity: { ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), locale } };
      }
      case 'meeting_card':
        return cardMessage(rsvpCard(view.view, locale, t), locale, t('meetingReplies.summaries.invitation', { title: view.view.overview.meeting.title }));
      case 'meeting_summary':
        return cardMessage(channelSummaryCard(view.overview, locale, t), locale, t('meetingReplies.summaries.invitation', { title: view.overview.meeting.title }));
      case 'meeting_notice':
        if (view.notice === 'link_needed') {
          return { activity: { ...MessageFactory.text(t('meetingReplies.linkNeeded', { number: view.view.overview.meeting.id, title: view.view.overview.meeting.title })), locale } };
        }
        return cardMessage(
          meetingNoticeCard(view.notice, { ...view.view, ...(view.offset ? { reminderOffset: view.offset } : {}) }, locale, t),
          locale,
          t(`meetingReplies.summaries.${view.notice}`, { title: view.view.overview.meeting.title }),
        );
      case 'yearly_rule':
        return cardMessage(yearlyRuleCard({ name: pick(view.view.community.name, locale), slug: view.view.community.slug }, view.view.lastInPerson, locale, t), locale, t('meetingReplies.summaries.yearly'));
      case 'recording_candidate':
        return cardMessage(recordingCandidateCard(view.view, locale, t), locale, t('recordings.candidate.summary', { title: view.view.overview.meeting.title }));
    }
  }

  /**
   * Plain, accessible HTML: the person's language first, then the other one (the directory does not say
   * which they read), each with its `lang`, a heading, short paragraphs and a real link.
   */
  mail(view: DeliveryView, locale: Locale, to: OutgoingMail['to'], from: string): OutgoingMail | undefined {
    if (view.kind === 'meeting_card' || (view.kind === 'meeting_notice' && view.notice !== 'link_needed')) return this.meetingMail(view, locale, to, from);
    if (view.kind !== 'launch_notice') return undefined;
    const order = [locale, ...LOCALES.filter((l) => l !== locale)];
    const sections = order.map((l) => {
      const t = translatorFor(l);
      const link = view.teamUrl?.startsWith('https://') ? `<p><a href="${escapeHtml(view.teamUrl)}">${escapeHtml(t('delivery.mail.openTeam'))}</a></p>` : '';
      return [
        `<section lang="${l}">`,
        `<h1>${escapeHtml(t('delivery.mail.launchHeading', { community: view.communityName }))}</h1>`,
        `<p>${escapeHtml(t('delivery.mail.launchBody', { community: view.communityName }))}</p>`,
        link,
        `<p>${escapeHtml(t('delivery.mail.why'))}</p>`,
        `<p>${escapeHtml(t('delivery.mail.preferences'))}</p>`,
        '</section>',
      ].join('\n');
    });
    const subject = order.map((l) => translatorFor(l)('delivery.mail.launchSubject', { community: view.communityName })).join(' / ');
    const html = `<!DOCTYPE html>\n<html lang="${locale}">\n<body>\n${sections.join('\n<hr>\n')}\n</body>\n</html>`;
    return { from, to, subject, html };
  }
}

/** A card with the text Teams shows in notifications and the chat list (the card alone shows "Card"). */
function cardMessage(card: AdaptiveCardJson, locale: Locale, summary: string): RenderedMessage {
  return { activity: { ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), summary, locale } };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
