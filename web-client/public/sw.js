/* 探访 service worker: opens the volunteer screens without a connection.
 *
 * - Navigations (any page of the app): network first; offline, the cached index.html (the
 *   client's router takes it from there).
 * - Built files under /assets/ (content-hashed, never change): cache first, cached when fetched,
 *   and those the page reports having loaded ('cache-shell' message).
 * - Everything else (/graphql, /photos, …) is never cached here: the app keeps its own offline
 *   copies and its outbox in localStorage / IndexedDB.
 * - Background Sync 'tanfang-outbox': asks the open pages to send their outbox (the tokens are
 *   the page's; the worker does not send records itself).
 */
const SHELL = 'tanfang-shell-v1';
const ASSETS = 'tanfang-assets-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.add('/index.html'))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== ASSETS).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'cache-shell' && Array.isArray(data.urls)) {
    const urls = data.urls.filter((u) => typeof u === 'string' && new URL(u).origin === self.location.origin);
    event.waitUntil(
      caches.open(ASSETS).then((cache) =>
        Promise.all(urls.map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => undefined)))),
      ),
    );
  }
});

async function navigation(request) {
  try {
    const response = await fetch(request);
    if (response.ok && (response.headers.get('content-type') || '').includes('text/html')) {
      const cache = await caches.open(SHELL);
      await cache.put('/index.html', response.clone());
    }
    return response;
  } catch (e) {
    const cached = await caches.match('/index.html');
    if (cached) return cached;
    throw e;
  }
}

async function asset(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(ASSETS);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  }
});

self.addEventListener('sync', (event) => {
  if (event.tag !== 'tanfang-outbox') return;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((clients) => {
      for (const client of clients) client.postMessage({ type: 'flush-outbox' });
    }),
  );
});
