/**
 * The layering of STYLE.md, checked by `npm run lint:deps` (part of `npm test`).
 *
 *   domain/        pure rules and the ports they need: imports nothing of ours outside domain/
 *   application/   the use cases both doors (bot, tab API) call: domain/ only
 *   adapters       bot/ cards/ storage/ graph/ jobs/ http/ config/ i18n/ calendar/: domain/ and application/, and
 *                  only the few adapter-to-adapter edges listed below (a door rendering a card, a door
 *                  translating a sentence, calendar/ wording a calendar file); never each other's concrete classes
 *   app.ts         the only place concrete classes meet (main.ts starts it)
 *   sandbox/       the offline Graph (sandbox/graph/): reached from src/ only through app.ts, and reaching
 *                  into src/ only for the Graph limits it shares with the client; the offline-mode glue
 *                  beside it (sandbox/*.ts) points the app's own Graph gateway at it; the offline Bot Connector
 *                  (sandbox/bot-connector/) imports nothing of the app nor of the Graph sandbox
 */
const ADAPTERS = '^src/(bot|cards|storage|graph|jobs|http|config|i18n|calendar)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make modules impossible to understand or test on their own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ holds rules and ports: no adapter, no use case, no SDK (declare a port instead).',
      from: { path: '^src/domain/' },
      to: { path: '^src/(?!domain/)|^sandbox/' },
    },
    {
      name: 'domain-uses-no-sdk',
      severity: 'error',
      comment: 'domain/ may use small pure libraries only (zod for shapes, fuse.js for name matching, luxon for time zones).',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: 'node_modules/(zod|fuse\\.js|luxon|chrono-node)/' },
    },
    {
      name: 'application-uses-domain-only',
      severity: 'error',
      comment: 'Use cases orchestrate domain rules through ports; they never reach an adapter.',
      from: { path: '^src/application/' },
      to: { path: '^src/(?!(application|domain)/)|^sandbox/' },
    },
    {
      name: 'application-uses-no-sdk',
      severity: 'error',
      from: { path: '^src/application/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: 'node_modules/(zod|luxon)/' },
    },
    {
      name: 'adapters-do-not-import-each-other',
      severity: 'error',
      comment:
        'An adapter depends on domain ports, never on another adapter (storage/, graph/, jobs/, bot/, http/): ' +
        'app.ts hands each one the others behind ports.',
      from: { path: ADAPTERS },
      to: { path: '^src/(storage|graph|jobs|bot|http)/', pathNot: '^src/$1/' },
    },
    {
      name: 'cards-and-sentences-are-for-the-doors',
      severity: 'error',
      comment: 'Cards (views) and sentences (i18n) are rendered by the bot and the jobs; cards translate; nobody else needs them.',
      from: { path: '^src/(storage|graph|http|config|i18n)/' },
      to: { path: '^src/(cards|i18n)/', pathNot: '^src/$1/' },
    },
    {
      name: 'configuration-is-read-by-app-only',
      severity: 'error',
      comment: 'config/ is the only reader of process.env; adapters receive their settings (its types may be shared).',
      from: { path: ADAPTERS, pathNot: '^src/config/' },
      to: { path: '^src/config/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-app-wires-the-sandbox',
      severity: 'error',
      comment: 'The offline Graph is started by app.ts in offline mode, and nowhere else in src/.',
      from: { path: '^src/', pathNot: '^src/app\\.ts$' },
      to: { path: '^sandbox/' },
    },
    {
      name: 'app-starts-offline-mode-only',
      severity: 'error',
      comment: 'app.ts reaches the sandbox through its one entry, startOfflineGraph (sandbox/offline-graph.ts).',
      from: { path: '^src/app\\.ts$' },
      to: { path: '^sandbox/', pathNot: '^sandbox/offline-graph\\.ts$' },
    },
    {
      name: 'sandbox-stands-alone',
      severity: 'error',
      comment: 'The sandbox imitates Graph; it shares only the documented Graph limits with the client.',
      from: { path: '^sandbox/graph/' },
      to: { path: '^src/', pathNot: '^src/graph/teams-limits\\.ts$' },
    },
    {
      name: 'bot-connector-stands-alone',
      severity: 'error',
      comment: 'The offline Bot Connector imitates a service outside the app: nothing of src/ or of the Graph sandbox.',
      from: { path: '^sandbox/bot-connector/' },
      to: { path: '^src/|^sandbox/(?!bot-connector/)' },
    },
    {
      name: 'offline-mode-glue-uses-the-graph-gateway-only',
      severity: 'error',
      comment: 'Offline mode is the real Graph gateway pointed at the sandbox: nothing else of the app.',
      from: { path: '^sandbox/[^/]+$' },
      to: { path: '^src/', pathNot: '^src/(graph|domain)/' },
    },
    {
      name: 'the-tab-reaches-the-server-over-http-only',
      severity: 'error',
      comment: 'src/tab is built for the browser: of the server it knows the API contract\'s types (import type), nothing else.',
      from: { path: '^src/tab/' },
      to: { path: '^(src/(?!tab/)|sandbox/)', pathNot: '^src/http/tab-api-contract\\.ts$' },
    },
    {
      name: 'the-tab-imports-the-contract-as-types',
      severity: 'error',
      from: { path: '^src/tab/' },
      to: { path: '^src/http/tab-api-contract\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'the-server-never-imports-the-tab',
      severity: 'error',
      comment: 'restify serves the tab\'s build (dist/tab); no server module imports its sources.',
      from: { path: '^(src/(?!tab/)|sandbox/)' },
      to: { path: '^src/tab/' },
    },
    {
      name: 'production-never-imports-tests',
      severity: 'error',
      from: { path: '^(src|sandbox)/' },
      to: { path: '^(tests|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      // microsoft-graph-types ships declarations only (import type): nothing to resolve at run time.
      to: { couldNotResolve: true, pathNot: '^@microsoft/microsoft-graph-types$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
