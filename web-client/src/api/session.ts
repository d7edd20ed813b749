import type { AccountStatus, Role } from '../gql/graphql';

/** The signed-in account, as much of it as the screens need before any query. */
export interface SessionAccount {
  id: string;
  username: string;
  displayName: string;
  role: Role | null;
  areaCode: string | null;
  /** 待审核 etc.; absent in a session stored before it was kept. */
  status?: AccountStatus | null;
}

export interface Session {
  accessToken: string;
  accessExpiresAt: string;
  refreshToken: string;
  account: SessionAccount;
}

/** Where the session is kept (the HTML's early requests read it too: vite.config.ts). */
export const SESSION_KEY = 'tanfang.session';
const KEY = SESSION_KEY;
type Listener = () => void;
const listeners = new Set<Listener>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** The stored session (tokens and account), or null when signed out. */
export function getSession(): Session | null {
  return current;
}

export function setSession(next: Session | null): void {
  current = next;
  try {
    if (next) globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
    else globalThis.localStorage?.removeItem(KEY);
  } catch {
    // Storage may be full or disabled; the session still lives in memory.
  }
  listeners.forEach((l) => l());
}

/** For `useSyncExternalStore`. */
export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Another tab signing in or out.
globalThis.addEventListener?.('storage', (e: StorageEvent) => {
  if (e.key === KEY) {
    current = read();
    listeners.forEach((l) => l());
  }
});
