/**
 * 先取 — requests the page's HTML starts before the app's code has arrived. On a slow phone
 * network the code takes about a second and a half to download (docs/benchmarks.md); the
 * volunteer's slot list does not wait for it to ask the server for the first page. A small
 * script in index.html (vite.config.ts, `earlyRequests`) sends the pages' bodies with the stored
 * access token and leaves each answer under its body; `post` (client.ts) takes an answer whose
 * body and token are the ones it would send, once, instead of sending again.
 */
/** The GraphQL request body exactly as `post` writes it. */
export function requestBody(query: string, variables: unknown): string {
  return JSON.stringify({ query, variables: variables ?? {} });
}

/** What the HTML's script leaves: the token it sent and the answer, by body. */
type Early = Record<string, { token: string; response: Promise<Response> } | undefined>;

/** The early answer to `body` sent with `token`, taken once; undefined when there is none. */
export function takeEarly(body: string, token: string | undefined): Promise<Response> | undefined {
  const early = (globalThis as { __tanfangEarly?: Early }).__tanfangEarly;
  const found = early?.[body];
  if (!found || !early) return undefined;
  delete early[body];
  return found.token === token ? found.response : undefined;
}
