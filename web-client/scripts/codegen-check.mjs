// Fails when src/gql differs from what `npm run codegen` would write now (CI drift check).
// Generates into a temporary folder and compares every file byte for byte.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const committed = join(root, 'src', 'gql');
const fresh = mkdtempSync(join(tmpdir(), 'tanfang-codegen-'));

/** Every file under `dir`, as paths relative to it, sorted. */
function files(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  try {
    walk(dir);
  } catch {
    // A missing folder has no files.
  }
  return out.sort();
}

try {
  const bin = join(root, 'node_modules', '.bin', 'graphql-codegen');
  const run = spawnSync(bin, ['--config', 'codegen.ts', '--silent'], {
    cwd: root,
    env: { ...process.env, TANFANG_CODEGEN_OUT: `${fresh}/` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) {
    console.error('graphql-codegen failed');
    process.exit(run.status ?? 1);
  }
  const want = files(fresh);
  const have = files(committed);
  const differing = [...new Set([...want, ...have])].filter((f) => {
    if (!want.includes(f) || !have.includes(f)) return true;
    return !readFileSync(join(fresh, f)).equals(readFileSync(join(committed, f)));
  });
  if (differing.length > 0) {
    console.error('generated GraphQL types are out of date: run npm run codegen');
    for (const f of differing) console.error(`  src/gql/${f}`);
    process.exit(1);
  }
  console.log(`src/gql is up to date (${want.length} files)`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
