import { CardFactory, MessageFactory } from 'botbuilder';
import { provisioningProgressCard } from '../cards/provisioning-cards';
import { LOCALES, type Locale } from '../domain/model';
import type { OutgoingMail } from '../domain/delivery/reach-graph';
import type { DeliveryRendering, DeliveryView, RenderedMessage } from '../domain/delivery/teams-delivery';
import { translatorFor } from '../i18n/translator';

/** Outbox views as Teams messages (cards from cards/, words from the locale files) and as e-mails. */
export class BotDeliveryRendering implements DeliveryRendering {
  message(view: DeliveryView, locale: Locale): RenderedMessage {
    const t = translatorFor(locale);
    switch (view.kind) {
      case 'launch_notice':
        return { activity: { ...MessageFactory.text(t('progress.youAreIn', { community: view.communityName })), locale } };
      case 'provisioning_progress': {
        const card = provisioningProgressCard(view.data, view.step, view.failure, locale, t, '', view.report);
        return { activity: { ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), locale } };
      }
    }
  }

  /**
   * Plain, accessible HTML: the person's language first, then the other one (the directory does not say
   * which they read), each with its `lang`, a heading, short paragraphs and a real link.
   */
  mail(view: DeliveryView, locale: Locale, to: OutgoingMail['to'], from: string): OutgoingMail | undefined {
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

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
