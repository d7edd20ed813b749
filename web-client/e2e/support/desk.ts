/**
 * For e2e/desk.spec.ts: the same database served again later. A no-show (未到) is a slot
 * whose window has passed, which needs time to pass: the spec assigns a slot on a server of
 * its own early in the month, stops it, and serves the same database again days later.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, tanfangBin, waitForHealth, type RunningServer } from '../server';

/** Stops `server` and serves its database again on a clock that reads `instant` now. */
export async function serveAgainAt(server: RunningServer, webDir: string, instant: string): Promise<RunningServer> {
  if (server.child.exitCode === null) {
    const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
    server.child.kill('SIGTERM');
    await exited;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(join(server.dir, 'server.log'), 'a');
  const clockStartedMs = Date.now();
  const child = spawn(
    tanfangBin(),
    ['serve', '--db', join(server.dir, 'tanfang.db'), '--addr', `127.0.0.1:${port}`, '--web-dir', webDir, '--photo-dir', join(server.dir, 'photos')],
    { stdio: ['ignore', log, log], env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn', TANFANG_NOW: instant } },
  );
  try {
    await waitForHealth(url, child);
  } catch (e) {
    child.kill('SIGTERM');
    throw new Error(`${(e as Error).message}; see ${join(server.dir, 'server.log')}`);
  }
  return { url, dir: server.dir, child, clockStartedMs };
}

/** The instant a server started at `instant` reads now. */
export function clockOf(server: RunningServer, instant: string): Date {
  return new Date(Date.parse(instant) + (Date.now() - server.clockStartedMs));
}
