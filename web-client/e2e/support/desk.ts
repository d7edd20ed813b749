/**
 * For e2e/desk.spec.ts: the same database served again later. A no-show (未到) is a slot
 * whose window has passed, which needs time to pass: the spec assigns a slot on a server of
 * its own early in the month, stops it, and serves the same database again days later.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { freePort, tanfangBin, waitForHealth, type RunningServer } from '../server';
import { tokenOf } from './api';

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

/**
 * Waits until the server's periodic jobs of the day have let go of the database. On a fresh
 * demo database the first pass of the day (空缺时段 offers over the whole month's slots) holds
 * SQLite's write lock for tens of seconds in a debug build, and a sign-in meanwhile fails
 * after the busy timeout. Settled: two sign-ins in a row, three seconds apart, each answered
 * at once.
 */
export async function settled(request: APIRequestContext, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quick = 0;
  while (quick < 2) {
    if (Date.now() > deadline) throw new Error('the server did not settle: sign-ins kept failing or waiting');
    const started = Date.now();
    try {
      await tokenOf(request, 'town.organizer');
      quick = Date.now() - started < 2_000 ? quick + 1 : 0;
    } catch {
      quick = 0;
    }
    if (quick < 2) await new Promise((r) => setTimeout(r, 3_000));
  }
}
