import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** The server (`tanfang serve`) during `npm run dev`. */
const API = process.env.TANFANG_API ?? 'http://127.0.0.1:8080';
const PROXIED = ['/graphql', '/photos', '/records', '/certificates', '/certificates.csv', '/health'];

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(PROXIED.map((path) => [path, { target: API, changeOrigin: false }])),
  },
  build: {
    // scripts/size.mjs reads it to measure the volunteer bundle.
    manifest: true,
    sourcemap: false,
    // ECharts (≈ 600 KB raw, 180 KB gzipped) is one lazy chunk loaded by the desk reports only,
    // GraphiQL (≈ 790 KB) is its own page; the volunteer screens are measured by
    // scripts/size.mjs against their own budget.
    chunkSizeWarningLimit: 800,
    // Two pages: the app, and GraphiQL for developers (served at `/graphiql` outside production;
    // its code never loads in the app's screens).
    rollupOptions: {
      input: { main: 'index.html', graphiql: 'graphiql.html' },
      // GraphiQL's dependencies mark themselves "use no memo" for the React compiler, which
      // this build does not run: nothing is lost when the bundler drops the directive.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
