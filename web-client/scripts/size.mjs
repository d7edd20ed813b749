// Reports the gzipped size of the JavaScript a volunteer's phone downloads: the entry chunk,
// the volunteer route chunks, and everything they import statically (from the Vite manifest).
// Run `npm run build` first. Exits 1 when the total is over the budget (issue #8: 150 KB).
//
//   node scripts/size.mjs                       the volunteer screens
//   node scripts/size.mjs src/routes/school/index.tsx   any other route chunks
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * The source modules of the volunteer screens' lazy routes; add one per new lazy volunteer chunk.
 * `later.ts` (日程, 探访记录, 时长, 通知设置, the outbox) loads once the slot list is up: not on
 * the way to the first screen, but the volunteer's phone downloads it all the same.
 */
export const VOLUNTEER_ROUTES = ['src/routes/volunteer/index.tsx', 'src/routes/volunteer/later.ts'];

/** The budget for the gzipped JS of the volunteer screens, in bytes. */
export const BUDGET_BYTES = 150 * 1024;

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/**
 * The JS files loaded for `routes` (manifest keys, i.e. source paths): every entry chunk, the
 * routes' chunks, and their static imports, transitively. Dynamic imports are not followed —
 * they load only when used (e.g. ECharts).
 */
export function chunksFor(manifest, routes) {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the Vite manifest (is it a lazily imported module?)`);
    seen.add(key);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  // The app's entry only: GraphiQL (graphiql.html) is a page of its own for developers.
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry && key !== 'graphiql.html') visit(key);
  for (const route of routes) visit(route);
  return [...seen].map((key) => manifest[key].file).filter((file) => file.endsWith('.js'));
}

/** [file, raw bytes, gzipped bytes] for each file under dist/. */
export function measure(files, root = dist) {
  return files.map((file) => {
    const bytes = readFileSync(join(root, file));
    return [file, bytes.length, gzipSync(bytes, { level: 9 }).length];
  });
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

function main() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
  } catch {
    console.error('dist/.vite/manifest.json not found: run npm run build first');
    process.exit(1);
  }
  const routes = process.argv.length > 2 ? process.argv.slice(2) : VOLUNTEER_ROUTES;
  const rows = measure(chunksFor(manifest, routes));
  const width = Math.max(...rows.map(([f]) => f.length), 5);
  console.log(`${'chunk'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}`);
  for (const [file, raw, gz] of rows) console.log(`${file.padEnd(width)}  ${kb(raw).padStart(10)}  ${kb(gz).padStart(10)}`);
  const raw = rows.reduce((s, r) => s + r[1], 0);
  const gz = rows.reduce((s, r) => s + r[2], 0);
  console.log(`${'total'.padEnd(width)}  ${kb(raw).padStart(10)}  ${kb(gz).padStart(10)}  (${gz} bytes gzipped)`);
  console.log(`routes: ${routes.join(', ')}`);
  if (gz > BUDGET_BYTES) {
    console.error(`over budget: ${kb(gz)} > ${kb(BUDGET_BYTES)}`);
    process.exit(1);
  }
  console.log(`within budget of ${kb(BUDGET_BYTES)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
