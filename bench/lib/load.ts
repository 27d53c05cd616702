/**
 * Load generation at fixed concurrency. HTTP goes through autocannon; every response's latency is
 * collected (autocannon's own summary has no p95) and summarised into a Measurement. Baselines that
 * are not HTTP (raw SQL, raw transactions) use `closedLoop`: the same fixed-concurrency closed loop.
 */
import autocannon from 'autocannon';
import type { Measurement } from './types';

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarise(latencies: number[], seconds: number, errors: number): Measurement {
  const s = [...latencies].sort((a, b) => a - b);
  return {
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    rps: round(latencies.length / seconds),
    errors,
    samples: latencies.length,
  };
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));

export interface HttpLoad {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  /** Per request: a path (and optional body); called for every request so requests can vary. */
  next?: () => { path: string; body?: string };
  /** Bytes per response are counted into `mbps` when set. */
  throughput?: boolean;
}

/** Runs autocannon; non-2xx responses and socket errors count as errors. */
export async function httpLoad(o: HttpLoad): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const next = o.next;
  let done!: (r: autocannon.Result) => void;
  let fail!: (e: Error) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: o.url,
      connections: o.connections,
      duration: o.seconds,
      method: o.method ?? 'GET',
      headers: o.headers,
      requests: next
        ? [
            {
              setupRequest: (req) => {
                const r = next();
                return { ...req, path: r.path, ...(r.body !== undefined ? { body: r.body } : {}) };
              },
            },
          ]
        : undefined,
    },
    (err, result) => (err ? fail(err) : done(result)),
  );
  instance.on('response', (_client, status, resBytes, responseTime) => {
    if (status >= 200 && status < 300) latencies.push(responseTime);
    else errors++;
    bytes += resBytes;
  });
  const result = await finished;
  errors += result.errors + result.timeouts;
  const m = summarise(latencies, o.seconds, errors);
  if (o.throughput) m.mbps = round(bytes / 1e6 / o.seconds, 1);
  return m;
}

/** `connections` workers each run `task` back to back for `seconds`; latencies in ms. */
export async function closedLoop(
  connections: number,
  seconds: number,
  task: (worker: number) => Promise<number | undefined>,
): Promise<Measurement & { bytes: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          const n = await task(w);
          bytes += n ?? 0;
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const m = summarise(latencies, elapsed, errors);
  return { ...m, bytes, ...(bytes ? { mbps: round(bytes / 1e6 / elapsed, 1) } : {}) };
}
