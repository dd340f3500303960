import { Button, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api-client';
import { useStrings } from '../i18n';

export const useCommonStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  card: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    padding: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  paragraph: { margin: 0 },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXS, margin: 0, '& dd': { margin: 0 } },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** The message of any failure, in the user's language (the server words its problems by Accept-Language). */
export function errorText(error: unknown, fallback: string): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.problem.title;
  return fallback;
}

export function ErrorBar({ error, onRetry }: { readonly error: unknown; readonly onRetry?: () => void }) {
  const { t } = useStrings();
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        {errorText(error, t.unexpectedError)}{' '}
        {onRetry && (
          <Button size="small" onClick={onRetry}>
            {t.retry}
          </Button>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

export function Notice({ text, intent = 'success' }: { readonly text: string; readonly intent?: 'success' | 'info' | 'warning' }) {
  return (
    <MessageBar intent={intent} role="status">
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  );
}

export function Loading() {
  const { t } = useStrings();
  return <Spinner size="small" label={t.loading} />;
}

export type Loaded<T> = { readonly state: 'loading' } | { readonly state: 'error'; readonly error: unknown } | { readonly state: 'ready'; readonly value: T };

/** Loads once per key; `reload` loads again; `set` replaces the value (after a write). */
export function useLoad<T>(load: () => Promise<T>, key: string): { readonly loaded: Loaded<T>; readonly reload: () => void; readonly set: (value: T) => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    loadRef.current().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: unknown) => current && setLoaded({ state: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const set = useCallback((value: T) => setLoaded({ state: 'ready', value }), []);
  return { loaded, reload, set };
}

export function Show<T>({ loaded, onRetry, children }: { readonly loaded: Loaded<T>; readonly onRetry: () => void; readonly children: (value: T) => ReactNode }) {
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ErrorBar error={loaded.error} onRetry={onRetry} />;
  return <>{children(loaded.value)}</>;
}
