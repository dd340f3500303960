import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickLocale, stringsFor } from './i18n';
import { connectToTeams, insideAFrame, notifyTeamsReady } from './shell/host';
import type { ViewId } from './shell/navigation';
import { TabApp } from './shell/tab-app';
import { browserTheme } from './shell/themes';

const VIEWS: readonly ViewId[] = ['communities', 'meetings', 'recordings', 'health', 'publish'];

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) return;
  const root = createRoot(container);
  const params = new URLSearchParams(window.location.search);
  const requestedView = params.get('view');
  const initialView = VIEWS.find((view) => view === requestedView) ?? 'communities';

  if (insideAFrame()) {
    try {
      const host = await connectToTeams();
      root.render(
        <StrictMode>
          <TabApp host={host} locale={host.locale} theme={host.theme} initialView={initialView} />
        </StrictMode>,
      );
      notifyTeamsReady();
    } catch (error) {
      console.error('teams-js could not start', error);
      // Framed by something that does not speak teams-js: say so in the language the URL or the browser asks for.
      container.textContent = stringsFor(pickLocale(params.get('locale') ?? navigator.language)).signIn.teamsFailed;
    }
    return;
  }
  root.render(
    <StrictMode>
      <TabApp host={null} locale={params.get('lang') ?? params.get('locale') ?? navigator.language} theme={browserTheme(params.get('theme'))} initialView={initialView} />
    </StrictMode>,
  );
}

void start();
