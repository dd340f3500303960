import { app, authentication } from '@microsoft/teams-js';

export type TeamsTheme = 'default' | 'dark' | 'contrast';

export const asTheme = (value: string | null | undefined): TeamsTheme => (value === 'dark' || value === 'contrast' ? value : 'default');

/** Teams hosts a tab in an iframe; a plain browser tab (npm start) is its own top window. */
export const insideAFrame = (): boolean => {
  try {
    return window.self !== window.top;
  } catch {
    return true; // a cross-origin parent: certainly framed
  }
};

export interface TeamsHost {
  readonly locale: string;
  readonly theme: TeamsTheme;
  readonly getToken: () => Promise<string>;
  readonly onThemeChange: (handler: (theme: TeamsTheme) => void) => void;
  readonly openLink: (url: string) => void;
}

/** Initialises teams-js and reads the context (locale, theme); the token comes from Teams SSO on each call. */
export async function connectToTeams(): Promise<TeamsHost> {
  await app.initialize();
  const context = await app.getContext();
  return {
    locale: context.app.locale,
    theme: asTheme(context.app.theme),
    getToken: () => authentication.getAuthToken(),
    onThemeChange: (handler) => app.registerOnThemeChangeHandler((theme) => handler(asTheme(theme))),
    openLink: (url) => {
      app.openLink(url).catch(() => window.open(url, '_blank', 'noopener'));
    },
  };
}

export function notifyTeamsReady(): void {
  app.notifySuccess().catch(() => undefined);
}
