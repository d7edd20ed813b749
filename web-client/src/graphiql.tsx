// GraphiQL for developers, built into the web client (`/graphiql`, never in production): its
// code and styles are bundled here, so it opens without the internet.
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createRoot } from 'react-dom/client';
import { getSession } from './api/session';

type Params = Parameters<Parameters<typeof GraphiQL>[0]['fetcher']>;

/** Sends one operation to `/graphql` with the headers typed in GraphiQL's header editor. */
async function fetcher(params: Params[0], options?: Params[1]) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(options?.headers ?? {}) },
    body: JSON.stringify(params),
  });
  return response.json();
}

/** Someone signed in to the web client in this browser gets their token in the headers. */
function defaultHeaders(): string | undefined {
  const session = getSession();
  return session ? JSON.stringify({ Authorization: `Bearer ${session.accessToken}` }, null, 2) : undefined;
}

const WELCOME = `# 探访 API。先登录，再把 accessToken 填入下方“Headers”：
# { "Authorization": "Bearer …" }
# 已在本浏览器登录网页端时，Headers 已自动填好。
mutation {
  login(username: "town.organizer", password: "tanfang-demo-2026") {
    accessToken
  }
}
`;

const root = document.getElementById('graphiql');
if (root) {
  createRoot(root).render(
    <GraphiQL fetcher={fetcher} defaultQuery={WELCOME} defaultHeaders={defaultHeaders()} />,
  );
}
