import { Button, Checkbox, Field, Input, Radio, RadioGroup } from '@fluentui/react-components';
import { useId, useState, type FormEvent } from 'react';
import type { AnswerReply, AnswerRequest, MeetingResponse, MyMeeting } from '../../../http/tab-api-contract';
import { useStrings } from '../../i18n';
import { ErrorBar, useCommonStyles } from '../../shell/common';
import { useSession } from '../../shell/session';

const RESPONSES: readonly MeetingResponse[] = ['in_person', 'online', 'declined'];

/** Which answers a meeting offers: an online meeting has no seats, an in-person one no online link. */
const offered = (meeting: MyMeeting): readonly MeetingResponse[] =>
  RESPONSES.filter((response) => (meeting.format === 'online' ? response !== 'in_person' : meeting.format === 'in_person' ? response !== 'online' : true));

/** In person / online / cannot come, then lunch and dietary needs: the same request as the bot's RSVP card, version included. */
export function AnswerForm({ meeting, labelledBy, onAnswered }: { readonly meeting: MyMeeting; readonly labelledBy: string; readonly onAnswered: (reply: AnswerReply) => void }) {
  const { t } = useStrings();
  const { api } = useSession();
  const common = useCommonStyles();
  const dietaryList = useId();
  const [response, setResponse] = useState<MeetingResponse | ''>(meeting.answer?.response ?? '');
  const [lunch, setLunch] = useState<boolean>(meeting.answer?.lunch ?? false);
  const [dietary, setDietary] = useState<string>(meeting.answer?.dietary ?? '');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const asksLunch = meeting.lunchProvided && response === 'in_person';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!response) return;
    const request: AnswerRequest = {
      response,
      version: meeting.version,
      ...(asksLunch ? { lunch, ...(lunch && dietary.trim() ? { dietary: dietary.trim() } : {}) } : {}),
    };
    setBusy(true);
    setFailure(null);
    api.send<AnswerReply>('PUT', `/api/meetings/${encodeURIComponent(meeting.id)}/answer`, request).then(
      (reply) => {
        setBusy(false);
        onAnswered(reply);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(error);
      },
    );
  };

  return (
    <form onSubmit={submit} className={common.section} aria-labelledby={labelledBy}>
      <Field label={t.meetings.yourAnswer}>
        <RadioGroup value={response} onChange={(_event, data) => setResponse(data.value as MeetingResponse)} layout="vertical">
          {offered(meeting).map((value) => (
            <Radio key={value} value={value} label={t.meetings.answer[value]} />
          ))}
        </RadioGroup>
      </Field>
      {asksLunch && (
        <>
          <Checkbox checked={lunch} onChange={(_event, data) => setLunch(data.checked === true)} label={t.meetings.lunch} />
          {lunch && (
            <Field label={t.meetings.dietary} hint={t.meetings.dietaryHint}>
              <Input value={dietary} maxLength={200} list={dietaryList} onChange={(_event, data) => setDietary(data.value)} />
            </Field>
          )}
          <datalist id={dietaryList}>
            {t.meetings.dietarySuggestions.map((suggestion) => (
              <option key={suggestion} value={suggestion} />
            ))}
          </datalist>
        </>
      )}
      {failure !== null && <ErrorBar error={failure} />}
      <div>
        <Button appearance="primary" type="submit" disabled={busy || !response}>
          {meeting.answer ? t.meetings.change : t.meetings.save}
        </Button>
      </div>
    </form>
  );
}
