import { useEffect, useState } from 'react';

/**
 * Hash routes (#/e/{tenant}/{enterprise}/{view}): the portal serves one index.html, and a reload or a bookmark of any
 * view needs no server-side fallback.
 */
export interface Route {
  view: string;
  tenantId?: string;
  enterpriseCode?: string;
}

export function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'e' && parts.length >= 3) {
    return { view: parts[3] ?? 'dashboard', tenantId: parts[1], enterpriseCode: parts[2] };
  }
  return { view: parts[0] ?? 'home' };
}

export function href(route: Route): string {
  if (route.tenantId && route.enterpriseCode) {
    const v = route.view === 'dashboard' ? '' : '/' + route.view;
    return `#/e/${encodeURIComponent(route.tenantId)}/${encodeURIComponent(route.enterpriseCode)}${v}`;
  }
  return `#/${route.view === 'home' ? '' : route.view}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
