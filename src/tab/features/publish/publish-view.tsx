import { Button, Field, Input, Radio, RadioGroup, Select, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { MyMeeting, Page, PublishRecordingRequest, RecordingItem } from '../../../http/tab-api-contract';
import { ApiError, query } from '../../api-client';
import { localized, useStrings } from '../../i18n';
import { ErrorBar, Notice, Show, useCommonStyles, useLoad } from '../../shell/common';
import { useSession } from '../../shell/session';
import { organisedCommunities } from '../organised-communities';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '40rem' } });

const today = (): string => new Date().toISOString().slice(0, 10);

/** Organisers: title, speakers, meeting, link, date, public or members only → POST /api/recordings (the bot's publish-recording rules). */
export function PublishView() {
  const { api } = useSession();
  const { t, locale } = useStrings();
  const common = useCommonStyles();
  const styles = useStyles();
  const communities = useLoad(() => organisedCommunities(api), 'organised');
  const pastMeetings = useLoad(() => api.get<Page<MyMeeting>>(`/api/meetings${query({ scope: 'past', offset: 0, limit: 100 })}`), `past:${locale}`);
  const [community, setCommunity] = useState('');
  const [meetingId, setMeetingId] = useState('');
  const [title, setTitle] = useState('');
  const [speakers, setSpeakers] = useState('');
  const [description, setDescription] = useState('');
  const [url, setUrl] = useState('');
  const [recordedOn, setRecordedOn] = useState(today());
  const [visibility, setVisibility] = useState<'public' | 'members'>('public');
  const [failure, setFailure] = useState<unknown>(null);
  const [published, setPublished] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fieldError = (field: string): string | undefined =>
    failure instanceof ApiError ? failure.problem.errors?.find((error) => error.field === field)?.message : undefined;
  const validation = (field: string) => {
    const message = fieldError(field);
    return message ? { validationMessage: message, validationState: 'error' as const } : {};
  };

  return (
    <section className={common.section} aria-labelledby="publish-heading">
      <h2 id="publish-heading" className={common.heading}>
        {t.publish.heading}
      </h2>
      <Show loaded={communities.loaded} onRetry={communities.reload}>
        {(list) => {
          if (list.length === 0) return <p className={common.paragraph}>{t.publish.none}</p>;
          const slug = community || list[0]?.slug || '';
          const meetings = pastMeetings.loaded.state === 'ready' ? pastMeetings.loaded.value.items.filter((meeting) => meeting.community.slug === slug) : [];
          const submit = (event: FormEvent) => {
            event.preventDefault();
            const request: PublishRecordingRequest = {
              community: slug,
              title: title.trim(),
              speakers: speakers.split(',').map((name) => name.trim()).filter((name) => name.length > 0),
              url: url.trim(),
              recordedOn,
              visibility,
              ...(meetingId ? { meetingId } : {}),
              ...(description.trim() ? { description: description.trim() } : {}),
            };
            setBusy(true);
            setFailure(null);
            setPublished(null);
            api.send<RecordingItem>('POST', '/api/recordings', request).then(
              (recording) => {
                setBusy(false);
                setPublished(t.publish.published(recording.title));
                setTitle('');
                setSpeakers('');
                setDescription('');
                setUrl('');
                setMeetingId('');
              },
              (error: unknown) => {
                setBusy(false);
                setFailure(error);
              },
            );
          };
          return (
            <form className={styles.form} onSubmit={submit} noValidate>
              <Field label={t.publish.community} required {...validation('community')}>
                <Select
                  value={slug}
                  onChange={(_event, data) => {
                    setCommunity(data.value);
                    setMeetingId('');
                  }}
                >
                  {list.map((item) => (
                    <option key={item.slug} value={item.slug}>
                      {localized(item.name, locale)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={t.publish.meeting} {...validation('meetingId')}>
                <Select
                  value={meetingId}
                  onChange={(_event, data) => {
                    setMeetingId(data.value);
                    const meeting = meetings.find((item) => item.id === data.value);
                    if (meeting) {
                      setRecordedOn(meeting.startsAt.slice(0, 10));
                      if (!title) setTitle(localized(meeting.title, locale));
                    }
                  }}
                >
                  <option value="">{t.publish.noMeeting}</option>
                  {meetings.map((meeting) => (
                    <option key={meeting.id} value={meeting.id}>
                      {`${localized(meeting.title, locale)} — ${meeting.startsAt.slice(0, 10)}`}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={t.publish.title} required {...validation('title')}>
                <Input value={title} maxLength={200} onChange={(_event, data) => setTitle(data.value)} />
              </Field>
              <Field label={t.publish.speakers} hint={t.publish.speakersHint} required {...validation('speakers')}>
                <Input value={speakers} maxLength={500} onChange={(_event, data) => setSpeakers(data.value)} />
              </Field>
              <Field label={t.publish.description} {...validation('description')}>
                <Textarea value={description} maxLength={2000} resize="vertical" onChange={(_event, data) => setDescription(data.value)} />
              </Field>
              <Field label={t.publish.url} required {...validation('url')}>
                <Input type="url" value={url} inputMode="url" onChange={(_event, data) => setUrl(data.value)} />
              </Field>
              <Field label={t.publish.recordedOn} required {...validation('recordedOn')}>
                <Input type="date" value={recordedOn} onChange={(_event, data) => setRecordedOn(data.value)} />
              </Field>
              <Field label={t.publish.visibility} {...validation('visibility')}>
                <RadioGroup value={visibility} onChange={(_event, data) => setVisibility(data.value === 'members' ? 'members' : 'public')}>
                  <Radio value="public" label={t.publish.public} />
                  <Radio value="members" label={t.publish.members} />
                </RadioGroup>
              </Field>
              <div aria-live="polite">
                {published && <Notice text={published} />}
                {failure !== null && <ErrorBar error={failure} />}
              </div>
              <div>
                <Button appearance="primary" type="submit" disabled={busy}>
                  {t.publish.submit}
                </Button>
              </div>
            </form>
          );
        }}
      </Show>
    </section>
  );
}
