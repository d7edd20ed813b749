import { existsSync, readFileSync, rmSync } from 'node:fs';
import { STATE_FILE } from './global-setup';

/** Stops the server the setup started and removes its temporary database. */
export default async function globalTeardown(): Promise<void> {
  if (!existsSync(STATE_FILE)) return;
  const { pid, dir } = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { pid?: number; dir?: string };
  if (pid) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    // Give it a moment to close the database before removing the folder.
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (dir && process.env.E2E_KEEP_DATA !== '1') rmSync(dir, { recursive: true, force: true });
  rmSync(STATE_FILE, { force: true });
}
