import { useEffect, useState, type FormEvent } from 'react';
import type { Page, PublicCommunity, RecordingItem } from '../../http/tab-api-contract';
import { formatDate, localized, type TabLocale } from '../i18n/locale';
import { safeUrl } from '../safe-url';
import { publicStrings } from './public-strings';

const PAGE = 10;

type Loaded<T> = { readonly state: 'loading' } | { readonly state: 'error' } | { readonly state: 'ready'; readonly value: T };

function useJson<T>(url: string, locale: TabLocale, round: number): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    fetch(url, { headers: { Accept: 'application/json', 'Accept-Language': locale }, credentials: 'omit' })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        return (await response.json()) as T;
      })
      .then(
        (value) => current && setLoaded({ state: 'ready', value }),
        () => current && setLoaded({ state: 'error' }),
      );
    return () => {
      current = false;
    };
  }, [url, locale, round]);
  return loaded;
}

/** The public recordings page: no sign-in, no member data; recordings their community marked public, and how to join. */
export function PublicPage({ locale }: { readonly locale: TabLocale }) {
  const t = publicStrings(locale);
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [round, setRound] = useState(0);
  const params = new URLSearchParams({ offset: String(offset), limit: String(PAGE), ...(q ? { q } : {}) });
  const recordings = useJson<Page<RecordingItem>>(`/api/public/recordings?${params.toString()}`, locale, round);
  const communities = useJson<Page<PublicCommunity>>('/api/public/communities?offset=0&limit=100', locale, round);
  const other = new URLSearchParams(window.location.search);
  other.set('lang', t.switchLang);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setQ(typed.trim());
    setOffset(0);
  };
  const failed = (
    <p role="alert">
      {t.failed}{' '}
      <button type="button" onClick={() => setRound((n) => n + 1)}>
        {t.retry}
      </button>
    </p>
  );

  return (
    <>
      <header className="top">
        <h1>{t.title}</h1>
        <a href={`?${other.toString()}`} lang={t.switchLang === 'en' ? 'en' : 'fr-CA'} hrefLang={t.switchLang}>
          {t.switchTo}
        </a>
      </header>
      <main>
        <p>{t.intro}</p>
        <section aria-labelledby="public-recordings">
          <h2 id="public-recordings">{t.recordings}</h2>
          <form role="search" onSubmit={search} className="search">
            <label htmlFor="public-search">{t.search}</label>
            <div className="row">
              <input id="public-search" type="search" value={typed} onChange={(event) => setTyped(event.target.value)} />
              <button type="submit">{t.searchButton}</button>
            </div>
          </form>
          {recordings.state === 'loading' && <p>{t.loading}</p>}
          {recordings.state === 'error' && failed}
          {recordings.state === 'ready' && (
            <>
              <p role="status" data-results>
                {t.results(recordings.value.total === 0 ? 0 : recordings.value.offset + 1, recordings.value.offset + recordings.value.items.length, recordings.value.total)}
              </p>
              {recordings.value.items.length === 0 ? (
                <p>{t.empty}</p>
              ) : (
                <ul className="cards">
                  {recordings.value.items.map((recording) => {
                    const href = safeUrl(recording.url);
                    return (
                      <li key={recording.id} className="card" data-recording={recording.id}>
                        <h3>{href ? <a href={href}>{recording.title}</a> : recording.title}</h3>
                        {recording.description && <p>{recording.description}</p>}
                        <dl>
                          <dt>{t.by}</dt>
                          <dd>{recording.speakers.join(', ')}</dd>
                          <dt>{t.recordedOn}</dt>
                          <dd>{formatDate(recording.recordedOn, locale)}</dd>
                          <dt>{t.community}</dt>
                          <dd>{localized(recording.community.name, locale)}</dd>
                        </dl>
                      </li>
                    );
                  })}
                </ul>
              )}
              <nav className="row" aria-label={t.recordings}>
                <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                  {t.previous}
                </button>
                <button type="button" disabled={offset + recordings.value.items.length >= recordings.value.total} onClick={() => setOffset(offset + PAGE)}>
                  {t.next}
                </button>
              </nav>
            </>
          )}
        </section>
        <section aria-labelledby="public-communities">
          <h2 id="public-communities">{t.communities}</h2>
          {communities.state === 'loading' && <p>{t.loading}</p>}
          {communities.state === 'error' && failed}
          {communities.state === 'ready' && (
            <ul className="cards">
              {communities.value.items.map((community) => {
                const name = localized(community.name, locale);
                return (
                  <li key={community.slug} className="card" data-community={community.slug}>
                    <h3>
                      {name} <span className="badge">{community.status === 'active' ? t.active : t.preparing}</span>
                    </h3>
                    <p>{localized(community.summary, locale)}</p>
                    {localized(community.description, locale) && <p>{localized(community.description, locale)}</p>}
                    <p className="muted">{t.publicCount(community.publicRecordingCount)}</p>
                    <p>{community.status === 'active' ? t.howToJoin(name) : t.howToInterest(name)}</p>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      </main>
    </>
  );
}
