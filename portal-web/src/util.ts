import { useCallback, useEffect, useState } from 'react';

/** Data loaded for a view, or the error that prevented it. */
export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads data for a view; reloads when the dependencies change; keeps the error to show it. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** yyyy-MM-dd of a local date */
export function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Today as the enterprise sees it: the platform's enterprises are in Asia/Shanghai by default. */
export function todayIn(zone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date());
}

export function addDays(date: string, days: number): string {
  const d = new Date(date + 'T00:00:00');
  d.setDate(d.getDate() + days);
  return isoDate(d);
}

export function firstOfMonth(date: string, monthsBack = 0): string {
  const d = new Date(date + 'T00:00:00');
  d.setDate(1);
  d.setMonth(d.getMonth() - monthsBack);
  return isoDate(d);
}

export function monthsBetween(from: string, to: string): number {
  const a = new Date(from + 'T00:00:00');
  const b = new Date(to + 'T00:00:00');
  return (b.getFullYear() - a.getFullYear()) * 12 + (b.getMonth() - a.getMonth()) + (b.getDate() >= a.getDate() ? 0 : -1);
}

export function fmtNumber(v: number | null | undefined, locale: string, digits = 2): string {
  if (v === null || v === undefined) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
}

export function fmtTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(locale, { hour12: false });
}

/** A local statDate (yyyy-MM-ddTHH:mm[:ss]) as the table shows it. */
export function fmtStatDate(s: string | null | undefined): string {
  return s ? s.replace('T', ' ').replace(/:00$/, '') : '—';
}
