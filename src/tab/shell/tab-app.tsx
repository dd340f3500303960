import { Button, FluentProvider, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import type { Me } from '../../http/tab-api-contract';
import { createApiClient, fetchEarly } from '../api-client';
import { CommunitiesView, FIRST_COMMUNITIES_PAGE } from '../features/communities/communities-view';
import { HealthView } from '../features/health/health-view';
import { MyMeetingsView } from '../features/my-meetings/my-meetings-view';
import { PublishView } from '../features/publish/publish-view';
import { RecordingsView } from '../features/recordings/recordings-view';
import { LocaleProvider, htmlLang, pickLocale, stringsFor, type TabLocale } from '../i18n';
import { ErrorBar, Loading, useCommonStyles } from './common';
import { DevSignIn } from './dev-sign-in';
import type { TeamsHost, TeamsTheme } from './host';
import { Navigation, type ViewId } from './navigation';
import { SessionProvider, type Session } from './session';
import { fluentTheme } from './themes';

const useStyles = makeStyles({
  root: { minHeight: '100vh', boxSizing: 'border-box', color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorNeutralBackground2 },
  header: { display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'baseline', gap: tokens.spacingHorizontalM, padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} 0` },
  main: { padding: tokens.spacingHorizontalL, maxWidth: '64rem', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, fontWeight: tokens.fontWeightSemibold },
});

export interface TabAppProps {
  /** Teams, once teams-js is initialised; null in a plain browser (development sign-in). */
  readonly host: TeamsHost | null;
  readonly locale: string;
  readonly theme: TeamsTheme;
  readonly initialView?: ViewId;
}

type Phase = { readonly kind: 'loading' } | { readonly kind: 'signIn' } | { readonly kind: 'failed'; readonly error: unknown } | { readonly kind: 'ready'; readonly me: Me };

export function TabApp({ host, locale: contextLocale, theme: initialTheme, initialView = 'communities' }: TabAppProps) {
  const [theme, setTheme] = useState(initialTheme);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [round, setRound] = useState(0);
  const [view, setView] = useState<ViewId>(initialView);
  const chosen = phase.kind === 'ready' ? phase.me.chosenLocale : null;
  const locale: TabLocale = chosen ?? pickLocale(contextLocale);
  const t = stringsFor(locale);
  const styles = useStyles();
  const api = useMemo(
    () => createApiClient({ locale, networkError: t.networkError, unexpectedError: t.unexpectedError, tokenError: t.signIn.teamsFailed, ...(host ? { getToken: host.getToken } : {}) }),
    [host, locale, t],
  );

  useEffect(() => host?.onThemeChange(setTheme), [host]);
  useEffect(() => {
    document.documentElement.lang = htmlLang(locale);
    document.title = t.appTitle;
  }, [locale, t]);
  // Who the person is does not depend on the language chosen later: /api/me is asked in the context's language.
  const apiForMe = useMemo(() => {
    const contextStrings = stringsFor(pickLocale(contextLocale));
    return createApiClient({
      locale: pickLocale(contextLocale),
      networkError: contextStrings.networkError,
      unexpectedError: contextStrings.unexpectedError,
      tokenError: contextStrings.signIn.teamsFailed,
      ...(host ? { getToken: host.getToken } : {}),
    });
  }, [host, contextLocale]);
  useEffect(() => {
    let current = true;
    // In Teams the token comes with no sign-in step, so the first view's list can be asked for at once.
    if (host && round === 0 && initialView === 'communities') fetchEarly(apiForMe, pickLocale(contextLocale), FIRST_COMMUNITIES_PAGE);
    apiForMe.get<Me>('/api/me').then(
      (me) => current && setPhase({ kind: 'ready', me }),
      (error: unknown) => {
        if (!current) return;
        const status = (error as { problem?: { status?: number } }).problem?.status;
        setPhase(!host && status === 401 ? { kind: 'signIn' } : { kind: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [apiForMe, host, round, initialView, contextLocale]);

  const session: Session | null = useMemo(
    () =>
      phase.kind === 'ready'
        ? { api, me: phase.me, inTeams: host !== null, openLink: host ? host.openLink : (url: string) => void window.open(url, '_blank', 'noopener') }
        : null,
    [api, phase, host],
  );
  const organiser = phase.kind === 'ready' && (phase.me.administrator || phase.me.organises.length > 0);
  const views: ViewId[] = organiser ? ['communities', 'meetings', 'recordings', 'health', 'publish'] : ['communities', 'meetings', 'recordings'];

  return (
    <FluentProvider theme={fluentTheme(theme)} className={styles.root} data-theme={theme}>
      <LocaleProvider value={{ locale, t }}>
        <header className={styles.header}>
          <h1 className={styles.title}>{t.appTitle}</h1>
          {phase.kind === 'ready' && (
            <span>
              {t.signIn.signedInAs(phase.me.displayName)}
              {phase.me.signIn === 'development' && (
                <>
                  {' '}
                  <Button
                    size="small"
                    appearance="subtle"
                    onClick={() => {
                      api.send('POST', '/api/dev/sign-out').then(
                        () => setPhase({ kind: 'signIn' }),
                        (error: unknown) => setPhase({ kind: 'failed', error }),
                      );
                    }}
                  >
                    {t.signIn.signOut}
                  </Button>
                </>
              )}
            </span>
          )}
        </header>
        {session && <Navigation views={views} current={views.includes(view) ? view : 'communities'} onSelect={setView} />}
        <main className={styles.main} id="view" aria-labelledby={session ? `tab-${view}` : undefined}>
          {phase.kind === 'loading' && <Loading />}
          {phase.kind === 'failed' && <ErrorBar error={phase.error} onRetry={() => setRound((n) => n + 1)} />}
          {phase.kind === 'signIn' && <DevSignIn api={api} onSignedIn={() => setRound((n) => n + 1)} />}
          {session && (
            <SessionProvider value={session}>
              <CurrentView view={views.includes(view) ? view : 'communities'} />
            </SessionProvider>
          )}
        </main>
      </LocaleProvider>
    </FluentProvider>
  );
}

function CurrentView({ view }: { readonly view: ViewId }) {
  useCommonStyles();
  switch (view) {
    case 'communities':
      return <CommunitiesView />;
    case 'meetings':
      return <MyMeetingsView />;
    case 'recordings':
      return <RecordingsView />;
    case 'health':
      return <HealthView />;
    case 'publish':
      return <PublishView />;
  }
}
