import { createContext, useContext } from 'react';
import type { Me } from '../../http/tab-api-contract';
import type { ApiClient } from '../api-client';

export interface Session {
  readonly api: ApiClient;
  readonly me: Me;
  /** Opens a link outside the tab (Teams: app.openLink; a browser: a new tab). */
  readonly openLink: (url: string) => void;
  readonly inTeams: boolean;
}

const SessionContext = createContext<Session | null>(null);
export const SessionProvider = SessionContext.Provider;

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
