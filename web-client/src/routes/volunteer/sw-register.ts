/**
 * Registers public/sw.js (scope `/`) from the volunteer screens only, and tells it which files
 * this page loaded (the hashed entry, the volunteer chunk, CSS) so they are cached for opening
 * the app without a connection. Not in `vite dev` (its modules are not the built files).
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const shell = () =>
    [
      ...performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((url) => url.startsWith(location.origin) && /\/assets\//.test(url)),
      ...[...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[rel="stylesheet"], link[rel="modulepreload"]')].map(
        (el) => ('src' in el && el.src) || (el as HTMLLinkElement).href,
      ),
    ].filter((url) => url && url.startsWith(location.origin));
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => reg.active?.postMessage({ type: 'cache-shell', urls: [...new Set(shell())] }))
    .catch(() => undefined);
}
