import react from '@vitejs/plugin-react';
import type { Plugin, Rollup } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The volunteer screens' chunks, fetched beside the entry when the page opened is one of them
 * (`/v…`): a volunteer on a slow phone network does not wait for the entry to run before the
 * screens it will import start downloading. A small inline script in index.html adds a
 * `modulepreload` per chunk and the chunks' stylesheets (Vite's loader skips a stylesheet that
 * is already linked); any other page loads nothing more.
 */
function preloadVolunteerScreens(): Plugin {
  const ROUTE = 'src/routes/volunteer/index.tsx';
  return {
    name: 'tanfang-preload-volunteer',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle: Rollup.OutputBundle | undefined = ctx.bundle;
        if (!bundle || !ctx.filename.endsWith('index.html')) return html;
        const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
        const route = chunks.find((c) => c.facadeModuleId?.endsWith(ROUTE));
        const entry = chunks.find((c) => c.isEntry && c.facadeModuleId?.endsWith('index.html'));
        if (!route || !entry) return html;
        // The route's chunk and what it imports statically, less what the entry already loads.
        const loaded = new Set([entry.fileName, ...entry.imports]);
        const js: string[] = [];
        const css = new Set<string>();
        const visit = (file: string) => {
          if (loaded.has(file) || js.includes(file)) return;
          const chunk = bundle[file];
          if (chunk?.type !== 'chunk') return;
          js.push(file);
          chunk.viteMetadata?.importedCss.forEach((c) => css.add(c));
          chunk.imports.forEach(visit);
        };
        visit(route.fileName);
        const links = [...js.map((f) => ['modulepreload', `/${f}`]), ...[...css].map((f) => ['stylesheet', `/${f}`])];
        const script = `if(/^\\/v(\\/|$)/.test(location.pathname))for(const[r,h]of ${JSON.stringify(links)}){const l=document.createElement('link');l.rel=r;l.href=h;l.crossOrigin='';document.head.appendChild(l)}`;
        // Before the stylesheets: an inline script waits for every stylesheet above it.
        return html.replace('<title>', `<script>${script}</script>\n    <title>`);
      },
    },
  };
}

/** The server (`tanfang serve`) during `npm run dev`. */
const API = process.env.TANFANG_API ?? 'http://127.0.0.1:8080';
const PROXIED = ['/graphql', '/photos', '/records', '/certificates', '/certificates.csv', '/health'];

export default defineConfig({
  plugins: [react(), preloadVolunteerScreens()],
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
