import type { TypedDocumentString } from '../gql/graphql';
import { RefreshDocument } from '../gql/graphql';
import { requestBody, takeEarly } from './early';
import { ApiError, NETWORK, type WireError } from './errors';
import { getSession, setSession, type Session, type SessionAccount } from './session';

export { ApiError } from './errors';

/** The code the server answers an invalid or expired access token with (api/src/error.rs). */
export const UNAUTHENTICATED = 'UNAUTHENTICATED';

/** The variables argument: optional when the operation has no required variables. */
export type VarsArg<TVars> = Record<string, never> extends TVars ? [vars?: TVars] : [vars: TVars];

/* GraphQL */ `
  fragment SessionAccount on Account {
    id
    username
    displayName
    role
    areaCode
    status
  }

  mutation Refresh($refreshToken: String!) {
    refresh(refreshToken: $refreshToken) {
      accessToken
      accessExpiresAt
      refreshToken
      account {
        ...SessionAccount
      }
    }
  }
`;

interface WireResponse<T> {
  data?: T | null;
  errors?: WireError[];
}

async function post<TResult, TVars>(
  doc: TypedDocumentString<TResult, TVars>,
  vars: TVars | undefined,
  token: string | undefined,
): Promise<TResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const body = requestBody(doc.toString(), vars);
  let response: Response;
  try {
    // The answer the page's HTML asked for early, else (also when that one failed) our own.
    const early = await takeEarly(body, token)?.catch(() => undefined);
    response = early ?? (await fetch('/graphql', { method: 'POST', headers, body }));
  } catch (e) {
    throw new ApiError(NETWORK, e instanceof Error ? e.message : String(e));
  }
  let answer: WireResponse<TResult>;
  try {
    answer = (await response.json()) as WireResponse<TResult>;
  } catch {
    throw new ApiError(NETWORK, `HTTP ${response.status}`);
  }
  if (answer.errors && answer.errors.length > 0) throw ApiError.fromWire(answer.errors);
  if (answer.data == null) throw new ApiError(NETWORK, `HTTP ${response.status}`);
  return answer.data;
}

/** The session from an `AuthPayload` (login or refresh). */
export function sessionFrom(payload: {
  accessToken: string;
  accessExpiresAt: string;
  refreshToken: string;
  account: SessionAccount;
}): Session {
  const { accessToken, accessExpiresAt, refreshToken, account } = payload;
  return { accessToken, accessExpiresAt, refreshToken, account };
}

// One refresh at a time: a refresh token is usable once, and reusing it signs out everywhere.
let refreshing: Promise<boolean> | null = null;

/** Trades the refresh token for new tokens; false (and signed out) when that fails. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const session = getSession();
    if (!session) return false;
    try {
      const data = await post(RefreshDocument, { refreshToken: session.refreshToken }, undefined);
      setSession(sessionFrom(data.refresh));
      return true;
    } catch (e) {
      // Only a refused refresh signs out; a network failure keeps the session for a retry.
      if (e instanceof ApiError && e.code !== NETWORK) setSession(null);
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Queries on their way, by token and body: the same query asked twice at once is sent once. */
const inFlight = new Map<string, Promise<unknown>>();

/**
 * Runs one GraphQL operation as the signed-in account. An `UNAUTHENTICATED` answer is retried
 * once after refreshing the tokens; any error is thrown as an `ApiError`. A query asked again
 * while the same one is on its way (two cards of a page needing the same list) shares its
 * answer; a mutation is always sent.
 */
export function request<TResult, TVars>(
  doc: TypedDocumentString<TResult, TVars>,
  ...[vars]: VarsArg<TVars>
): Promise<TResult> {
  const query = doc.toString();
  if (!/^\s*query\b/.test(query)) return send(doc, vars);
  const key = `${getSession()?.accessToken ?? ''}\n${requestBody(query, vars)}`;
  const pending = inFlight.get(key) as Promise<TResult> | undefined;
  if (pending) return pending;
  const sent = send(doc, vars).finally(() => inFlight.delete(key));
  inFlight.set(key, sent);
  return sent;
}

async function send<TResult, TVars>(doc: TypedDocumentString<TResult, TVars>, vars: TVars | undefined): Promise<TResult> {
  const token = getSession()?.accessToken;
  try {
    return await post(doc, vars, token);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== UNAUTHENTICATED || !token) throw e;
    // Another request may have refreshed already.
    const now = getSession()?.accessToken;
    const fresh = now && now !== token ? true : await refreshSession();
    const retryToken = getSession()?.accessToken;
    if (!fresh || !retryToken) throw e;
    return post(doc, vars, retryToken);
  }
}

/** Runs an operation without credentials (login): a stale token must not refuse it. */
export function requestAnonymous<TResult, TVars>(
  doc: TypedDocumentString<TResult, TVars>,
  ...[vars]: VarsArg<TVars>
): Promise<TResult> {
  return post(doc, vars, undefined);
}
