import { notFound } from 'next/navigation';
import { AppError } from '@/lib/errors';

type Params = Record<string, string | string[] | undefined>;

/** The first value of a search parameter. */
export const param = (sp: Params, key: string): string | undefined => {
  const v = sp[key];
  return Array.isArray(v) ? v[0] : v;
};

/** A route's numeric id segment, or the 404 page. */
export function routeId(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) notFound();
  return Number(raw);
}

/** Awaits a verb, turning its "no such row" error into the 404 page. */
export async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  }
}

/** An absolute pagination link from a list verb, as a path on this site. */
export function localHref(abs: string | null): string | null {
  if (!abs) return null;
  const u = new URL(abs);
  return u.pathname + u.search;
}
