// Builds the personal tab (src/tab/index.html) and the public recordings page (src/tab/public/index.html)
// into dist/tab, served by restify under /tab (src/http/tab-static-routes.ts). JSX goes through Vite 8's own
// oxc transform (no @vitejs/plugin-react); file names carry a content hash so /tab/assets/* can be cached for a year.
import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.resolve(import.meta.dirname, 'src/tab');

export default defineConfig(({ command }) => ({
  root,
  base: '/tab/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  logLevel: 'warn',
  // React's production build whatever NODE_ENV the caller has (jest runs with NODE_ENV=test, which would
  // otherwise give React's development build, twice the size).
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/tab'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      input: { tab: path.join(root, 'index.html'), public: path.join(root, 'public/index.html') },
      // Fluent UI marks its modules 'use client' (for React Server Components); in a client bundle that means nothing.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      // React is shared by both pages: one cached chunk, named for what it holds.
      output: { codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] } },
    },
  },
}));
