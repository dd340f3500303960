import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';
import type { TeamsTheme } from './host';

export const fluentTheme = (theme: TeamsTheme): Theme =>
  theme === 'dark' ? teamsDarkTheme : theme === 'contrast' ? teamsHighContrastTheme : teamsLightTheme;

/** A browser outside Teams: ?theme=dark|contrast, else the system's preference. */
export function browserTheme(param: string | null): TeamsTheme {
  if (param === 'dark' || param === 'contrast' || param === 'default') return param;
  if (window.matchMedia?.('(forced-colors: active)').matches) return 'contrast';
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'default';
}
