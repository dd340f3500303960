import { Badge, Link } from '@fluentui/react-components';
import type { RecordingItem } from '../../../http/tab-api-contract';
import { formatDate, localized, useStrings } from '../../i18n';
import { safeUrl } from '../../safe-url';
import { useCommonStyles } from '../../shell/common';

/** One recording: title linking to it, speakers, date, community and meeting. */
export function RecordingEntry({ recording, showCommunity = true }: { readonly recording: RecordingItem; readonly showCommunity?: boolean }) {
  const { t, locale } = useStrings();
  const common = useCommonStyles();
  const href = safeUrl(recording.url);
  return (
    <li className={common.card} data-recording={recording.id}>
      <div className={common.row}>
        <h3 className={common.subheading}>
          {href ? (
            <Link href={href} target="_blank" rel="noopener noreferrer">
              {recording.title}
            </Link>
          ) : (
            recording.title
          )}
        </h3>
        <Badge appearance="tint" color={recording.visibility === 'public' ? 'informative' : 'important'}>
          {recording.visibility === 'public' ? t.recordings.public : t.recordings.membersOnly}
        </Badge>
      </div>
      {recording.description && <p className={common.paragraph}>{recording.description}</p>}
      <dl className={common.facts}>
        <dt>{t.recordings.speakers}</dt>
        <dd>{recording.speakers.join(', ')}</dd>
        <dt>{t.recordings.recordedOn}</dt>
        <dd>{formatDate(recording.recordedOn, locale)}</dd>
        {showCommunity && (
          <>
            <dt>{t.recordings.community}</dt>
            <dd>{localized(recording.community.name, locale)}</dd>
          </>
        )}
        {recording.meeting && (
          <>
            <dt>{t.recordings.meeting}</dt>
            <dd>{localized(recording.meeting.title, locale)}</dd>
          </>
        )}
      </dl>
      {recording.expiresAt && <p className={common.muted}>{t.recordings.expires(formatDate(recording.expiresAt, locale))}</p>}
    </li>
  );
}
