// Part of `npm run build`: makes the initdb'd PGlite cluster that fresh embedded databases start from
// (src/storage/pglite-template.ts explains why). Runs on the compiled code.
const { buildPgliteTemplate } = require('../dist/src/storage/pglite-template');

buildPgliteTemplate().catch((error) => {
  console.error(`Could not build the PGlite template: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
