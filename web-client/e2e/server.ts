import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webClientDir = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const repoDir = resolve(webClientDir, '..');

/** The server binary: TANFANG_BIN, else the debug build of the repository. */
export function tanfangBin(): string {
  return process.env.TANFANG_BIN || join(repoDir, 'target', 'debug', 'tanfang');
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tanfang exited with ${child.exitCode} before answering /health`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tanfang did not answer ${url}/health within ${timeoutMs} ms`);
}

export interface RunningServer {
  url: string;
  dir: string;
  child: ChildProcess;
  /** The wall-clock time (ms) at which the server's clock read the instant it was given. */
  clockStartedMs: number;
}

/**
 * Fills a temporary SQLite database with the demo district and serves it with the built client,
 * both on a clock that reads `instant` (RFC 3339) when the demo starts and runs on from there
 * (`TANFANG_NOW`): the server is started at `instant` plus the time the demo took, so its clock
 * goes on from the demo's instead of going back. `serveArgs` are added to `tanfang serve`'s
 * (e.g. another SMS transport).
 */
export async function startServer(webDir: string, instant: string, serveArgs: string[] = []): Promise<RunningServer> {
  const bin = tanfangBin();
  if (!existsSync(bin)) {
    throw new Error(`${bin} not found: run \`cargo build -p tanfang\` in the repository, or set TANFANG_BIN`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tanfang-e2e-'));
  const db = join(dir, 'tanfang.db');
  const log = openSync(join(dir, 'server.log'), 'a');
  const clockStartedMs = Date.now();
  const demo = spawnSync(bin, ['demo', '--db', db], { stdio: ['ignore', log, log], env: { ...process.env, TANFANG_NOW: instant } });
  if (demo.status !== 0) throw new Error(`tanfang demo failed (${demo.status}); see ${join(dir, 'server.log')}`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    bin,
    ['serve', '--db', db, '--addr', `127.0.0.1:${port}`, '--web-dir', webDir, '--photo-dir', join(dir, 'photos'), ...serveArgs],
    {
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        RUST_LOG: process.env.RUST_LOG ?? 'warn',
        TANFANG_NOW: new Date(Date.parse(instant) + (Date.now() - clockStartedMs)).toISOString(),
      },
    },
  );
  try {
    await waitForHealth(url, child);
  } catch (e) {
    child.kill('SIGTERM');
    throw new Error(`${(e as Error).message}; see ${join(dir, 'server.log')}`);
  }
  return { url, dir, child, clockStartedMs };
}
