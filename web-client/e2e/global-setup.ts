import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, webClientDir } from './server';
import { chosenInstant, publishClock } from './support/clock';

/** Where the teardown finds the server to stop (one file per run, so runs may overlap). */
export const STATE_FILE = join(webClientDir, 'test-results', `.e2e-server-${process.pid}.json`);

/** The built client the server serves: E2E_WEB_DIR (a folder of its own per concurrent run), else dist/. */
export const WEB_DIR = process.env.E2E_WEB_DIR || join(webClientDir, 'dist');

/**
 * Builds the client (unless E2E_SKIP_BUILD=1), then starts `tanfang` on a temporary demo
 * database and publishes its address as TANFANG_E2E_BASE_URL (the config's baseURL).
 *
 * The server runs on a clock of its own, not the wall clock: it starts at TANFANG_E2E_NOW
 * (RFC 3339, e.g. `2026-11-18T00:02:00+08:00`), else at a fixed mid-month, mid-morning instant,
 * and runs on from there. The instant and when it was read are published for the workers
 * (support/clock.ts), so the tests and the browser see the server's time.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD !== '1') {
    const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', WEB_DIR, '--emptyOutDir'], { cwd: webClientDir, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const instant = chosenInstant();
  const server = await startServer(WEB_DIR, instant);
  process.env.TANFANG_E2E_BASE_URL = server.url;
  publishClock(instant, server.clockStartedMs);
  mkdirSync(join(webClientDir, 'test-results'), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify({ pid: server.child.pid, dir: server.dir, url: server.url }));
  server.child.unref();
  console.log(`tanfang serving ${server.url} (data in ${server.dir}), its clock started at ${instant}`);
}
