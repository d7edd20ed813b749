import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { requestBody } from './src/api/early.ts';
import { SESSION_KEY } from './src/api/session.ts';
import { ROLE_PATH } from './src/routes/homes.ts';
import { VolunteerNearbySlotsDocument, VolunteerWhoAmIDocument } from './src/gql/graphql.ts';
import { FIRST_FILTERS, slotsVars } from './src/routes/volunteer/slotQuery.ts';
import type { Plugin, Rollup } from 'vite';
import { defineConfig } from 'vitest/config';

const VOLUNTEER_SCREENS = 'src/routes/volunteer/index.tsx';

/** Each role's screens (one lazy chunk each, `App.tsx`), by the paths they are opened at. */
const ROLE_SCREENS: ReadonlyArray<[prefix: string, route: string]> = [
  ['v', VOLUNTEER_SCREENS],
  ['o', 'src/routes/organizer/index.tsx'],
  ['s', 'src/routes/school/index.tsx'],
  ['d', 'src/routes/district/index.tsx'],
  ['c', 'src/routes/city/index.tsx'],
  ['f', 'src/routes/family/index.tsx'],
];

/**
 * A role's screens' chunks, fetched beside the entry when the page opened is one of them (`/v…`
 * for the volunteer, `/o…` for the office, …): neither a volunteer on a slow phone network nor
 * an office waits for the entry to run before the screens it will import start downloading. A
 * small inline script in index.html adds a `modulepreload` per chunk, a second one (after the
 * early requests) the chunks' stylesheets (Vite's loader skips a stylesheet that is already
 * linked); any other page loads nothing more.
 */
function preloadRoleScreens(): Plugin {
  return {
    name: 'tanfang-preload-role',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle: Rollup.OutputBundle | undefined = ctx.bundle;
        if (!bundle || !ctx.filename.endsWith('index.html')) return html;
        const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
        const entry = chunks.find((c) => c.isEntry && c.facadeModuleId?.endsWith('index.html'));
        if (!entry) return html;
        // Each route's chunk and what it imports statically, less what the entry already loads.
        const loaded = new Set([entry.fileName, ...entry.imports]);
        const js: Record<string, string[]> = {};
        const css: Record<string, string[]> = {};
        for (const [prefix, source] of ROLE_SCREENS) {
          const route = chunks.find((c) => c.facadeModuleId?.endsWith(source));
          if (!route) throw new Error(`no chunk for ${source}`);
          const files: string[] = [];
          const sheets = new Set<string>();
          const visit = (file: string) => {
            if (loaded.has(file) || files.includes(file)) return;
            const chunk = bundle[file];
            if (chunk?.type !== 'chunk') return;
            files.push(file);
            chunk.viteMetadata?.importedCss.forEach((c) => sheets.add(c));
            chunk.imports.forEach(visit);
          };
          visit(route.fileName);
          js[prefix] = files.map((f) => `/${f}`);
          css[prefix] = [...sheets].map((f) => `/${f}`);
        }
        const links = (rel: string, byPrefix: Record<string, string[]>) =>
          `{const p=/${ROLE_PATH.source}/.exec(location.pathname);for(const h of (p&&${JSON.stringify(byPrefix)}[p[1]])||[]){const l=document.createElement('link');l.rel='${rel}';l.href=h;l.crossOrigin='';${rel === 'stylesheet' ? "l.fetchPriority='low';" : ''}document.head.appendChild(l)}}`;
        // The code first, then the early requests (`earlyRequests` puts its script before
        // <title> after this one), then the stylesheets: of the page's first requests, six go out
        // at once on a phone's six connections and the rest wait for one to be free. The entry's
        // files take five, the screens' code the sixth, the slot list's first page the next free
        // one. The screens' stylesheets ask for low priority: a free connection goes to the
        // highest priority waiting, and a stylesheet's is above a fetch's, so the first page
        // would wait behind them (docs/benchmarks.md). Both scripts come before the entry's
        // stylesheets: an inline script waits for every stylesheet above it.
        return html
          .replace('<title>', `<script>${links('modulepreload', js)}</script>\n    <title>`)
          .replace('</title>', `</title>\n    <script>${links('stylesheet', css)}</script>`);
      },
    },
  };
}

/**
 * Each built asset (`assets/*.js`, `*.css`, `*.svg`) also as `x.br` (Brotli, quality 11): the
 * server sends it to a browser that accepts Brotli (api/src/http/assets.rs) instead of gzipping
 * on the fly at a fast level, ≈ 40 % fewer bytes for the volunteer's first screen
 * (docs/benchmarks.md).
 */
function precompressAssets(): Plugin {
  const brotli = promisify(brotliCompress);
  return {
    name: 'tanfang-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      const files = Object.keys(bundle).filter((f) => /^assets\/.+\.(js|css|svg)$/.test(f));
      await Promise.all(
        files.map(async (file) => {
          const body = await readFile(join(dir, file));
          const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length };
          await writeFile(join(dir, `${file}.br`), await brotli(body, { params }));
        }),
      );
    },
  };
}

/**
 * The requests a page's HTML sends before the app's code has arrived (src/api/early.ts), by the
 * path it was opened at: the volunteer's slot list asks for its first page and for who the
 * volunteer is (a minor's claim needs an adult) while its code downloads.
 */
const EARLY: ReadonlyArray<{ path: RegExp; bodies: string[] }> = [
  {
    path: /^\/v\/?$/,
    bodies: [
      requestBody(VolunteerNearbySlotsDocument.toString(), slotsVars(FIRST_FILTERS)),
      requestBody(VolunteerWhoAmIDocument.toString(), {}),
    ],
  },
];

/**
 * An inline script in index.html that sends [`EARLY`]'s bodies for the page opened, with the
 * stored access token while it is valid, and leaves each answer in `__tanfangEarly` under its
 * body for `post` (src/api/client.ts) to take.
 */
function earlyRequests(): Plugin {
  const list = EARLY.map(({ path, bodies }) => ({ path: path.source, bodies }));
  const script =
    `(()=>{let s;try{s=JSON.parse(localStorage.getItem(${JSON.stringify(SESSION_KEY)})||'null')}catch{return}` +
    `if(!s||!s.accessToken||!(Date.parse(s.accessExpiresAt)>Date.now()))return;` +
    `const e=${JSON.stringify(list)}.find((e)=>new RegExp(e.path).test(location.pathname));if(!e)return;` +
    `const h={'content-type':'application/json',accept:'application/json',authorization:'Bearer '+s.accessToken};` +
    `const a=(window.__tanfangEarly={});` +
    `for(const b of e.bodies)a[b]={token:s.accessToken,response:fetch('/graphql',{method:'POST',headers:h,body:b})}})()`;
  return {
    name: 'tanfang-early-requests',
    apply: 'build',
    // After `preloadRoleScreens` (listed before it): its script comes first, so that the screens'
    // chunk gets one of the six connections the page opens at once, and the answers, which the
    // code waits for anyway, the next free one (docs/benchmarks.md).
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.filename.endsWith('index.html')) return html;
        return html.replace('<title>', `<script>${script}</script>\n    <title>`);
      },
    },
  };
}

/** The app's own modules. */
const APP_SOURCE = /[\\/]web-client[\\/]src[\\/]/;

/**
 * The modules a volunteer's phone loads to show the slot list: the entry's and the volunteer
 * screens' static imports, known once the module graph is (the chunk groups below are decided
 * after it). Those other screens use too go into the `vendor` and `shared` chunks that every
 * page loads; the modules other screens share among themselves into `screens` chunks, which
 * the phone does not load for the slot list.
 */
function firstLoad(): { plugin: Plugin; has: (id: string) => boolean } {
  const modules = new Set<string>();
  const plugin: Plugin = {
    name: 'tanfang-first-load',
    apply: 'build',
    buildEnd() {
      modules.clear();
      const visit = (id: string) => {
        if (modules.has(id)) return;
        modules.add(id);
        this.getModuleInfo(id)?.importedIds.forEach(visit);
      };
      for (const id of this.getModuleIds()) {
        const info = this.getModuleInfo(id);
        if ((info?.isEntry && id.endsWith('index.html')) || id.endsWith(VOLUNTEER_SCREENS)) visit(id);
      }
      if (!modules.size) throw new Error('tanfang-first-load: no entry found');
    },
  };
  return { plugin, has: (id) => modules.has(id) };
}
const FIRST_LOAD = firstLoad();

/**
 * Each GraphQL document of `src/gql/graphql.ts` (generated, `documentMode: 'string'`) as a module
 * of its own in the build, so that it goes into the chunk of the screens that send it. As one
 * module, every role's documents (≈ 36 KB) were in the chunk that every page loads: one
 * `new TypedDocumentString(…)` used by any chunk kept the whole module there. The generated file
 * and the source's imports (`import { XDocument } from '../gql/graphql'`) stay as they are: the
 * build reads the imports of documents as imports of `src/gql/documents/XDocument.js`, a module
 * made from the generated one.
 */
function splitDocuments(): Plugin {
  const GENERATED = fileURLToPath(new URL('./src/gql/graphql.ts', import.meta.url));
  const DOCS_DIR = fileURLToPath(new URL('./src/gql/documents/', import.meta.url));
  const CLASS_ID = `${DOCS_DIR}TypedDocumentString.js`;
  // `export const XDocument = new TypedDocumentString(`…`, {…}) as unknown as TypedDocumentString<…>;`
  const DOC = /^export const (\w+) = new TypedDocumentString\((`[^`]*`(?:, \{[^}\n]*\})?)\) as unknown as TypedDocumentString<[^;\n]*>;$/gm;
  // A value import from the generated module, once TypeScript is stripped (types are gone).
  const IMPORT = /import\s*\{([^}]*)\}\s*from\s*(["'])((?:\.\.?\/)+(?:[\w.-]+\/)*gql\/graphql(?:\.ts)?)\2;?/g;
  let docs: Map<string, string> | undefined;
  const load = async () => {
    if (docs) return docs;
    const source = await readFile(GENERATED, 'utf8');
    docs = new Map([...source.matchAll(DOC)].map(([, name, args]) => [name!, args!]));
    const made = (source.match(/= new TypedDocumentString\(/g) ?? []).length;
    if (!docs.size || docs.size !== made) throw new Error(`tanfang-split-documents: read ${docs.size} of ${made} documents of src/gql/graphql.ts`);
    return docs;
  };
  return {
    name: 'tanfang-split-documents',
    apply: 'build',
    buildStart() {
      docs = undefined;
    },
    transform: {
      order: 'post',
      async handler(code, id) {
        if (!APP_SOURCE.test(id) || !/\.tsx?$/.test(id) || id === GENERATED || !IMPORT.test(code)) return;
        IMPORT.lastIndex = 0;
        const known = await load();
        const out = code.replace(IMPORT, (whole, names: string) => {
          const bindings = names.split(',').map((b) => b.trim()).filter(Boolean);
          const name = (b: string) => b.split(/\s+as\s+/)[0]!;
          if (!bindings.every((b) => known.has(name(b)))) return whole;
          return bindings.map((b) => `import { ${b} } from ${JSON.stringify(`${DOCS_DIR}${name(b)}.js`)};`).join('\n');
        });
        return out === code ? undefined : { code: out, map: null };
      },
    },
    resolveId(source) {
      return source.startsWith(DOCS_DIR) ? source : undefined;
    },
    generateBundle(_, bundle) {
      // An import this plugin did not read (say, a new kind of export in the generated file)
      // would bring every document back into one chunk.
      for (const chunk of Object.values(bundle))
        if (chunk.type === 'chunk' && (chunk.modules[GENERATED]?.renderedLength ?? 0) > 0)
          this.error(`src/gql/graphql.ts is in ${chunk.fileName} whole: import only its documents (and types)`);
    },
    async load(id) {
      if (!id.startsWith(DOCS_DIR)) return;
      const name = id.slice(DOCS_DIR.length).replace(/\.js$/, '');
      // The generated class, as TypeScript leaves it.
      if (id === CLASS_ID)
        return 'export class TypedDocumentString extends String {\n  constructor(value, __meta__) {\n    super(value);\n    this.value = value;\n    this.__meta__ = __meta__;\n  }\n  toString() {\n    return this.value;\n  }\n}\n';
      const args = (await load()).get(name);
      if (!args) throw new Error(`tanfang-split-documents: no document ${name} in src/gql/graphql.ts`);
      return `import { TypedDocumentString } from ${JSON.stringify(CLASS_ID)};\nexport const ${name} = /* @__PURE__ */ new TypedDocumentString(${args});\n`;
    },
  };
}

/** The server (`tanfang serve`) during `npm run dev`. */
const API = process.env.TANFANG_API ?? 'http://127.0.0.1:8080';
const PROXIED = ['/graphql', '/photos', '/records', '/certificates', '/certificates.csv', '/health'];

export default defineConfig({
  plugins: [react(), preloadRoleScreens(), earlyRequests(), precompressAssets(), FIRST_LOAD.plugin, splitDocuments()],
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
      output: {
        // `screens` is split by the screens that use each part (`entriesAware`), which names the
        // parts `screens~a~b…`; the server serves no `~` in a path: `screens-<hash>.js` each.
        chunkFileNames: (chunk) => `assets/${chunk.name.split('~')[0]}-[hash].js`,
        assetFileNames: (asset) => `assets/${(asset.names[0] ?? 'asset').split('~')[0]!.replace(/\.[^.]*$/, '')}-[hash][extname]`,
        // Modules that several screens share go into a few chunks, not one chunk per combination
        // of screens (the volunteer's first page was 14 requests, 7 chunks under 1 KB, queued
        // behind each other on a phone's six connections):
        // - `vendor`: the libraries of the first load (React, React DOM, react-router), which
        //   change only with their versions, so a phone keeps them across releases;
        // - `shared`: the app's modules that the volunteer's slot list needs and other screens
        //   use too (FIRST_LOAD);
        // - `screens`: what the other screens share (the desk's forms, closed months, dead
        //   letters, …; the volunteer's later screens' settings page), split by who uses it
        //   and merged below 10 KB: the phone does not download it for the slot list.
        //   `includeDependenciesRecursively: false`, or it would take modules of `shared` that
        //   it imports (they stay there, and `screens` imports them).
        codeSplitting: {
          groups: [
            { name: 'vendor', test: (id) => !APP_SOURCE.test(id) && FIRST_LOAD.has(id), minShareCount: 2, priority: 3 },
            { name: 'shared', test: (id) => APP_SOURCE.test(id) && FIRST_LOAD.has(id), minShareCount: 2, priority: 2 },
            {
              name: 'screens',
              test: (id) => APP_SOURCE.test(id) && !FIRST_LOAD.has(id),
              minShareCount: 2,
              priority: 1,
              includeDependenciesRecursively: false,
              entriesAware: true,
              entriesAwareMergeThreshold: 10_000,
            },
          ],
        },
      },
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
