import { Badge, Link, Tab, TabList } from '@fluentui/react-components';
import { useState } from 'react';
import type { AnswerReply, MyMeeting, Page } from '../../../http/tab-api-contract';
import { query } from '../../api-client';
import { localized, useStrings, type TabStrings } from '../../i18n';
import { Notice, Show, useCommonStyles, useLoad } from '../../shell/common';
import { useSession } from '../../shell/session';
import { safeUrl } from '../../safe-url';
import { RecordingEntry } from '../recordings/recording-entry';
import { AnswerForm } from './answer-form';

type Scope = 'upcoming' | 'past';

/** The meetings of the viewer's communities: upcoming ones with the answer form, past ones with their recordings. */
export function MyMeetingsView() {
  const { api } = useSession();
  const { t, locale } = useStrings();
  const common = useCommonStyles();
  const [scope, setScope] = useState<Scope>('upcoming');
  const [notice, setNotice] = useState<string | null>(null);
  const { loaded, reload, set } = useLoad(() => api.get<Page<MyMeeting>>(`/api/meetings${query({ scope, offset: 0, limit: 50 })}`), `${scope}:${locale}`);

  const answered = (reply: AnswerReply) => {
    setNotice(reply.message);
    if (loaded.state === 'ready') set({ ...loaded.value, items: loaded.value.items.map((item) => (item.id === reply.meeting.id ? reply.meeting : item)) });
  };

  return (
    <section className={common.section} aria-labelledby="meetings-heading">
      <h2 id="meetings-heading" className={common.heading}>
        {t.nav.meetings}
      </h2>
      <TabList
        size="small"
        selectedValue={scope}
        onTabSelect={(_event, data) => {
          setNotice(null);
          setScope(data.value as Scope);
        }}
        aria-label={t.nav.meetings}
      >
        <Tab value="upcoming">{t.meetings.upcoming}</Tab>
        <Tab value="past">{t.meetings.past}</Tab>
      </TabList>
      <div aria-live="polite">{notice && <Notice text={notice} />}</div>
      <Show loaded={loaded} onRetry={reload}>
        {(page) =>
          page.items.length === 0 ? (
            <p className={common.paragraph}>{scope === 'upcoming' ? t.meetings.emptyUpcoming : t.meetings.emptyPast}</p>
          ) : (
            <ul className={common.list}>
              {page.items.map((meeting) => (
                <MeetingCard key={meeting.id} meeting={meeting} past={scope === 'past'} onAnswered={answered} />
              ))}
            </ul>
          )
        }
      </Show>
    </section>
  );
}

function answerText(meeting: MyMeeting, t: TabStrings): string {
  const answer = meeting.answer;
  if (!answer) return t.meetings.noAnswer;
  const parts = [t.meetings.answer[answer.response]];
  if (answer.seat === 'confirmed') parts.push(t.meetings.confirmed);
  if (answer.seat === 'waitlisted') parts.push(t.meetings.waitlisted(answer.waitlistPosition));
  if (answer.lunch !== null && answer.response === 'in_person') parts.push(answer.lunch ? t.meetings.lunchYes : t.meetings.lunchNo);
  if (answer.dietary) parts.push(answer.dietary);
  return parts.join(' · ');
}

function MeetingCard({ meeting, past, onAnswered }: { readonly meeting: MyMeeting; readonly past: boolean; readonly onAnswered: (reply: AnswerReply) => void }) {
  const { t, locale } = useStrings();
  const common = useCommonStyles();
  const headingId = `meeting-${meeting.id}`;
  const joinUrl = meeting.joinUrl ? safeUrl(meeting.joinUrl) : undefined;
  return (
    <li className={common.card} data-meeting={meeting.id}>
      <div className={common.row}>
        <h3 id={headingId} className={common.subheading}>
          {localized(meeting.title, locale)}
        </h3>
        <Badge appearance="tint" color="informative">
          {localized(meeting.community.name, locale)}
        </Badge>
        {meeting.cancelled && (
          <Badge appearance="filled" color="danger">
            {t.meetings.cancelled}
          </Badge>
        )}
      </div>
      <p className={common.paragraph}>{meeting.when}</p>
      <dl className={common.facts}>
        <dt>{t.meetings.format[meeting.format]}</dt>
        <dd>{t.meetings.counts(meeting.counts.inPerson, meeting.counts.online)}</dd>
        {meeting.location && (
          <>
            <dt>{t.meetings.location}</dt>
            <dd>{meeting.location}</dd>
          </>
        )}
        {!past && (
          <>
            <dt>{t.meetings.yourAnswer}</dt>
            <dd data-answer>{answerText(meeting, t)}</dd>
          </>
        )}
      </dl>
      {!past && (
        <div className={common.row}>
          <Link href={meeting.icsUrl} download>
            {t.meetings.ics}
          </Link>
          {joinUrl && (
            <Link href={joinUrl} target="_blank" rel="noopener noreferrer">
              {t.meetings.teams}
            </Link>
          )}
        </div>
      )}
      {!past && !meeting.cancelled && <AnswerForm key={meeting.version} meeting={meeting} labelledBy={headingId} onAnswered={onAnswered} />}
      {past && (
        <>
          <h4 className={common.subheading}>{t.meetings.recordings}</h4>
          {meeting.recordings.length === 0 ? (
            <p className={common.muted}>{t.meetings.noRecording}</p>
          ) : (
            <ul className={common.list}>
              {meeting.recordings.map((recording) => (
                <RecordingEntry key={recording.id} recording={recording} showCommunity={false} />
              ))}
            </ul>
          )}
        </>
      )}
    </li>
  );
}
