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
    // ECharts (≈ 600 KB raw, 180 KB gzipped) is one lazy chunk loaded by the desk reports only;
    // the volunteer screens are measured by scripts/size.mjs against their own budget.
    chunkSizeWarningLimit: 700,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
