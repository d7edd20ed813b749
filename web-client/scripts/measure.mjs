// What the measurement scripts (tti.mjs, desk.mjs) share: GraphQL over fetch, a demo sign-in,
// a fresh browser context already signed in, and the median of the runs.

/** Runs one GraphQL operation against `base`; its `data`, else throws with the errors. */
export async function gql(base, query, variables = {}, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await res.json();
  if (body.errors) throw new Error(`${query.slice(0, 40)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) {
  accessToken accessExpiresAt refreshToken account { id username displayName role areaCode status } } }`;

/** A new session of `username` (tokens and account, as the web client stores it). */
export async function session(base, username, password) {
  return (await gql(base, LOGIN, { u: username, p: password })).login;
}

/**
 * A fresh browser context (empty cache: a first visit) whose pages start signed in with
 * `signedIn` (a session: a refresh token is usable once, so one per context).
 */
export async function signedInContext(browser, signedIn, options) {
  const context = await browser.newContext(options);
  await context.addInitScript((value) => {
    if (!localStorage.getItem('tanfang.session')) localStorage.setItem('tanfang.session', value);
  }, JSON.stringify(signedIn));
  return context;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
