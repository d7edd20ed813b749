import { createElement, lazy, useState, type ComponentType } from 'react';

/** A component in a chunk of its own, with a `load` to fetch the chunk before it is first shown. */
export interface Preloadable<P extends object> {
  Component: ComponentType<P>;
  load: () => Promise<void>;
}

/**
 * `React.lazy`, with a `load` to fetch the code before the first render: main.tsx loads the
 * screens of the role whose path the page opened at (index.html has been downloading them beside
 * the entry), and a page with a chart starts its code when it opens. A component loaded by then
 * renders at once. Through `React.lazy` alone it would suspend on that first render, and React
 * keeps a suspended boundary's fallback on screen for at least 300 ms, even when the code
 * arrives a moment later: every desk page and the volunteer's slot list took 300 ms longer, and
 * 概览 300 ms more for its chart (docs/benchmarks.md).
 */
export function preloadable<P extends object>(importer: () => Promise<{ default: ComponentType<P> }>): Preloadable<P> {
  let loaded: ComponentType<P> | undefined;
  const load = () =>
    importer().then((module) => {
      loaded = module.default;
      return module;
    });
  const Lazy = lazy(load) as unknown as ComponentType<P>;
  function Component(props: P) {
    // Chosen once per mount: switching from the lazy wrapper to the loaded component would
    // mount it again.
    const [Chosen] = useState<ComponentType<P>>(() => loaded ?? Lazy);
    return createElement(Chosen, props);
  }
  return { Component, load: () => load().then(() => undefined) };
}
