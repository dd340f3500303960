import { Button, Field, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { ApiError, type ApiClient } from '../api-client';
import { useStrings } from '../i18n';
import { ErrorBar, Loading, Notice, useCommonStyles, useLoad } from './common';

/** One of GET /api/dev/people's entries (local mode only); the development sign-in takes its id. */
interface DemoPerson {
  readonly id: string;
  readonly displayName: string;
}

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '28rem' },
});

function asPeople(body: unknown): DemoPerson[] {
  const list = Array.isArray(body) ? body : ((body as { items?: unknown } | null)?.items ?? (body as { people?: unknown } | null)?.people);
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    const person = entry as { id?: unknown; aadObjectId?: unknown; displayName?: unknown; name?: unknown };
    const id = typeof person.id === 'string' ? person.id : typeof person.aadObjectId === 'string' ? person.aadObjectId : undefined;
    const name = typeof person.displayName === 'string' ? person.displayName : typeof person.name === 'string' ? person.name : id;
    return id && name ? [{ id, displayName: name }] : [];
  });
}

/** Outside Teams (npm start in a browser): choose a demo person; the server answers 404 unless it runs in local mode. */
export function DevSignIn({ api, onSignedIn }: { readonly api: ApiClient; readonly onSignedIn: () => void }) {
  const { t } = useStrings();
  const styles = useStyles();
  const common = useCommonStyles();
  const { loaded, reload } = useLoad(async () => asPeople(await api.get<unknown>('/api/dev/people')), 'people');
  const [chosen, setChosen] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') {
    if (loaded.error instanceof ApiError && loaded.error.problem.status === 404) return <Notice intent="warning" text={t.signIn.openInTeams} />;
    return <ErrorBar error={loaded.error} onRetry={reload} />;
  }
  const people = loaded.value;
  const selected = chosen || people[0]?.id || '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    api.send('POST', '/api/dev/sign-in', { aadObjectId: selected }).then(onSignedIn, (error: unknown) => {
      setFailure(error);
      setBusy(false);
    });
  };
  return (
    <section className={common.section} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" className={common.heading}>
        {t.signIn.title}
      </h1>
      <p className={common.paragraph}>{t.signIn.intro}</p>
      <form className={styles.form} onSubmit={submit}>
        <Field label={t.signIn.person}>
          <Select value={selected} onChange={(_event, data) => setChosen(data.value)}>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.displayName}
              </option>
            ))}
          </Select>
        </Field>
        {failure !== null && <ErrorBar error={failure} />}
        <div>
          <Button appearance="primary" type="submit" disabled={busy || !selected}>
            {t.signIn.submit}
          </Button>
        </div>
      </form>
    </section>
  );
}
