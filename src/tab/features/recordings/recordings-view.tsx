import { Button, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Page, RecordingFacets, RecordingItem } from '../../../http/tab-api-contract';
import { query } from '../../api-client';
import { localized, useStrings } from '../../i18n';
import { Show, useCommonStyles, useLoad } from '../../shell/common';
import { useSession } from '../../shell/session';
import { RecordingEntry } from './recording-entry';

const PAGE = 10;
const NO_FACETS: RecordingFacets = { communities: [], speakers: [], years: [] };

const useStyles = makeStyles({
  filters: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'end' },
});

/** The library: full-text search (accents ignored, by the server), filters from /api/recordings/facets, newest first, by pages. */
export function RecordingsView() {
  const { api } = useSession();
  const { t, locale } = useStrings();
  const common = useCommonStyles();
  const styles = useStyles();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [community, setCommunity] = useState('');
  const [speaker, setSpeaker] = useState('');
  const [year, setYear] = useState('');
  const [offset, setOffset] = useState(0);
  const facets = useLoad(() => api.get<RecordingFacets>('/api/recordings/facets'), 'facets');
  const known = facets.loaded.state === 'ready' ? facets.loaded.value : NO_FACETS;
  const path = `/api/recordings${query({ q, community, speaker, year, offset, limit: PAGE })}`;
  const { loaded, reload } = useLoad(() => api.get<Page<RecordingItem>>(path), `${path}:${locale}`);

  // Search as the person types, a moment after the last key.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setQ(typed.trim());
      setOffset(0);
    }, 250);
    return () => window.clearTimeout(timer);
  }, [typed]);

  const filter = (setter: (value: string) => void) => (value: string) => {
    setter(value);
    setOffset(0);
  };

  return (
    <section className={common.section} aria-labelledby="recordings-heading">
      <h2 id="recordings-heading" className={common.heading}>
        {t.recordings.heading}
      </h2>
      <form
        role="search"
        className={styles.filters}
        onSubmit={(event) => {
          event.preventDefault();
          setQ(typed.trim());
          setOffset(0);
        }}
      >
        <Field label={t.recordings.search}>
          <Input type="search" value={typed} placeholder={t.recordings.searchPlaceholder} onChange={(_event, data) => setTyped(data.value)} />
        </Field>
        <Field label={t.recordings.community}>
          <Select value={community} onChange={(_event, data) => filter(setCommunity)(data.value)}>
            <option value="">{t.recordings.all}</option>
            {known.communities.map((item) => (
              <option key={item.slug} value={item.slug}>
                {localized(item.name, locale)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t.recordings.speaker}>
          <Select value={speaker} onChange={(_event, data) => filter(setSpeaker)(data.value)}>
            <option value="">{t.recordings.allSpeakers}</option>
            {known.speakers.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t.recordings.year}>
          <Select value={year} onChange={(_event, data) => filter(setYear)(data.value)}>
            <option value="">{t.recordings.all}</option>
            {known.years.map((value) => (
              <option key={value} value={String(value)}>
                {value}
              </option>
            ))}
          </Select>
        </Field>
      </form>
      <Show loaded={loaded} onRetry={reload}>
        {(page) => (
          <>
            <p className={common.muted} role="status" data-results>
              {t.recordings.results(page.total === 0 ? 0 : page.offset + 1, page.offset + page.items.length, page.total)}
            </p>
            {page.items.length === 0 ? (
              <p className={common.paragraph}>{t.recordings.empty}</p>
            ) : (
              <ul className={common.list}>
                {page.items.map((recording) => (
                  <RecordingEntry key={recording.id} recording={recording} />
                ))}
              </ul>
            )}
            <nav className={common.row} aria-label={t.recordings.heading}>
              <Button disabled={page.offset === 0} onClick={() => setOffset(Math.max(0, page.offset - PAGE))}>
                {t.recordings.previous}
              </Button>
              <Button disabled={page.offset + page.items.length >= page.total} onClick={() => setOffset(page.offset + PAGE)}>
                {t.recordings.next}
              </Button>
            </nav>
          </>
        )}
      </Show>
    </section>
  );
}
