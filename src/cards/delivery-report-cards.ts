import { DateTime } from 'luxon';
import type { Locale } from '../domain/model';
import type { DeliveryReportView } from '../domain/delivery/outbox-store';
import type { Translate } from '../i18n/translator';
import { type AdaptiveCardJson, renderCard } from './render-card';

/** People not reached are named up to this many on a card; the rest are counted. */
const NOT_REACHED_SHOWN = 15;

/** The lines of a delivery report, as the progress card and the `livraison` card show them. */
export interface DeliveryReportLines {
  readonly reportTitle: string;
  readonly reportSummary: string;
  readonly reportNotReachedTitle: string;
  readonly reportLines: readonly { readonly line: string }[];
  readonly reportMore: string;
}

export const NO_REPORT: DeliveryReportLines = { reportTitle: '', reportSummary: '', reportNotReachedTitle: '', reportLines: [], reportMore: '' };

export function deliveryReportLines(report: DeliveryReportView, t: Translate): DeliveryReportLines {
  const waiting = report.pending + report.retrying;
  const parts = [t('delivery.reached', { count: report.sent, total: report.total })];
  if (report.sentAfterInstall > 0) parts.push(t('delivery.afterInstall', { count: report.sentAfterInstall }));
  if (waiting > 0) parts.push(t('delivery.waiting', { pending: report.pending, retrying: report.retrying }));
  if (report.muted > 0) parts.push(t('delivery.muted', { count: report.muted }));
  const notReachedCount = report.total - report.sent - waiting - report.muted;
  if (notReachedCount > 0) parts.push(t('delivery.notReached', { count: notReachedCount }));
  parts.push(t(waiting > 0 ? 'delivery.underway' : 'delivery.finished'));
  const shown = report.notReached.slice(0, NOT_REACHED_SHOWN).map((person) => ({
    line: t('delivery.person', {
      name: person.name ?? person.aadObjectId ?? '?',
      reason: t(`delivery.reasons.${person.reason}`),
      fallback: t(`delivery.fallbacks.${person.fallback}`),
    }),
  }));
  const more = notReachedCount - shown.length;
  return {
    reportTitle: t(`delivery.titles.${report.kind}`),
    reportSummary: parts.join(' '),
    reportNotReachedTitle: shown.length > 0 ? t('delivery.notReachedTitle') : '',
    reportLines: shown,
    reportMore: more > 0 ? t('delivery.more', { count: more }) : '',
  };
}

/** `livraison <communauté>`: the community's last reports, newest first. */
export function deliveryReportsCard(communityName: string, reports: readonly DeliveryReportView[], locale: Locale, t: Translate): AdaptiveCardJson {
  const intlLocale = locale === 'en' ? 'en-CA' : 'fr-CA';
  return renderCard('deliveryReports', {
    lang: locale,
    title: t('delivery.commandTitle', { community: communityName }),
    empty: reports.length === 0 ? t('delivery.none', { community: communityName }) : '',
    reports: reports.map((report) => ({
      ...deliveryReportLines(report, t),
      when: t('delivery.when', { date: DateTime.fromJSDate(report.createdAt).setLocale(intlLocale).toLocaleString(DateTime.DATETIME_MED) }),
    })),
  });
}
