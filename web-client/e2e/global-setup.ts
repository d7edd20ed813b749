import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, webClientDir } from './server';

/** Where the teardown finds the server to stop (one file per run, so runs may overlap). */
export const STATE_FILE = join(webClientDir, 'test-results', `.e2e-server-${process.pid}.json`);

/** The built client the server serves: E2E_WEB_DIR (a folder of its own per concurrent run), else dist/. */
const WEB_DIR = process.env.E2E_WEB_DIR || join(webClientDir, 'dist');

/**
 * Builds the client (unless E2E_SKIP_BUILD=1), then starts `tanfang` on a temporary demo
 * database and publishes its address as TANFANG_E2E_BASE_URL (the config's baseURL).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD !== '1') {
    const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', WEB_DIR, '--emptyOutDir'], { cwd: webClientDir, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const server = await startServer(WEB_DIR);
  process.env.TANFANG_E2E_BASE_URL = server.url;
  mkdirSync(join(webClientDir, 'test-results'), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify({ pid: server.child.pid, dir: server.dir, url: server.url }));
  server.child.unref();
  console.log(`tanfang serving ${server.url} (data in ${server.dir})`);
}
