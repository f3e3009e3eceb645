import { useSyncExternalStore } from 'react';

/**
 * A hash router: "#/explorer/block/<hash>" → { screen: 'explorer', path: ['block', '<hash>'] }.
 * The hash keeps working in Electron's file:// pages and in the served build alike.
 */
export interface Route {
  screen: string;
  path: string[];
}

function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { screen: parts[0] ?? 'home', path: parts.slice(1) };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parse(hash);
}

/** The href of a screen: href('explorer', 'block', hash). */
export function href(screen: string, ...path: (string | number)[]): string {
  return `#/${[screen, ...path].map((part) => encodeURIComponent(String(part))).join('/')}`;
}

export function navigate(screen: string, ...path: (string | number)[]): void {
  window.location.hash = href(screen, ...path);
}
