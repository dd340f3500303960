// Copies the non-TypeScript files the compiled app reads at run time (SQL migrations) next to the compiled code.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
for (const dir of ['src/storage/migrations']) {
  fs.cpSync(path.join(root, dir), path.join(root, 'dist', dir), { recursive: true });
}
