/**
 * A test stand-in for the Teams web client: a page that frames the tab as Teams does and answers the
 * teams-js postMessage protocol (node_modules/@microsoft/teams-js, internal/communication.js), so the
 * tab's real teams-js runs:
 *
 *   request  { id, uuidAsString, func, args, … }  posted by the tab to window.parent
 *   response { id, uuidAsString, args }           posted back to the tab's window
 *   event    { func: 'themeChange', args: [theme] } posted by the host when the theme changes
 *
 *   initialize                  → [frameContext 'content', hostClientType 'web', runtime config (JSON), SDK version]
 *   getContext                  → [the legacy context: locale, theme, tenant and user ids…]
 *   authentication.getAuthToken → [true, token] (the token from window.teamsHostToken(), exposed by the test)
 *   anything else               → [true] (executeDeepLink, notifySuccess… fire-and-forget or a plain success)
 *
 * teams-js accepts messages from its own origin without consulting its list of Teams origins, so the test
 * serves this page from the app's origin (page.route), as a same-origin parent.
 */
export function teamsHostPage(options: { readonly tabPath: string; readonly locale: string; readonly theme: string; readonly tenantId: string; readonly userObjectId: string }): string {
  const settings = JSON.stringify(options).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teams (test host)</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%;display:block}</style></head>
<body><iframe id="tab" title="Communautés" src="about:blank"></iframe>
<script>
const settings = ${settings};
const runtime = {
  apiVersion: 4,
  hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
  isLegacyTeams: false,
  supports: { app: {}, appEntity: {}, appInstallDialog: {}, authentication: {}, pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} }, teams: { fullTrust: {} }, teamsCore: {} },
};
window.teamsHost = { calls: [], theme: settings.theme };
const frame = document.getElementById('tab');
window.addEventListener('message', async (event) => {
  const message = event.data;
  if (!message || typeof message !== 'object' || typeof message.func !== 'string' || event.source !== frame.contentWindow) return;
  window.teamsHost.calls.push(message.func);
  let args = [true];
  if (message.func === 'initialize') args = ['content', 'web', JSON.stringify(runtime), '2.58.0'];
  else if (message.func === 'getContext') {
    args = [{
      locale: settings.locale, theme: window.teamsHost.theme, frameContext: 'content', hostClientType: 'web', hostName: 'Teams',
      entityId: 'communities', tid: settings.tenantId, userObjectId: settings.userObjectId, loginHint: 'person@example.org',
      appSessionId: 'test-session', sessionId: 'test-session', isFullScreen: false,
    }];
  } else if (message.func === 'authentication.getAuthToken') {
    try { args = [true, await window.teamsHostToken()]; } catch (error) { args = [false, String(error)]; }
  }
  event.source.postMessage({ id: message.id, uuidAsString: message.uuidAsString, args }, event.origin);
});
window.setTeamsTheme = (theme) => {
  window.teamsHost.theme = theme;
  frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, location.origin);
};
frame.src = settings.tabPath;
</script></body></html>`;
}
