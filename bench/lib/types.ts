/** One measured scenario (or its baseline) as it appears in bench/results/*.json and the table. */
export interface Measurement {
  /** Latency percentiles in milliseconds (absent for pure throughput figures). */
  p50?: number;
  p95?: number;
  p99?: number;
  /** Requests (or transactions, jobs) per second. */
  rps?: number;
  /** Throughput in MB/s (media scenarios). */
  mbps?: number;
  /** Failed requests / non-2xx responses / failed jobs. */
  errors: number;
  /** How many requests (transactions, jobs) were measured. */
  samples: number;
  /**
   * CPU milliseconds per request (bench/lib/cpu.ts): of the web process (`next start`), of the
   * baseline's client (this process), and of PostgreSQL when it runs on this machine.
   */
  cpu?: { web?: number; client?: number; pg?: number };
}

/** A budget line: `metric` of the scenario compared against `limit` (absolute or a ratio). */
export interface Budget {
  text: string;
  pass: boolean;
}

export interface ScenarioResult {
  /** `A1`, `A3@10k`, `A7 nginx`, … */
  id: string;
  title: string;
  measured: Measurement;
  baseline?: Measurement & { title: string };
  /** measured / baseline for the scenario's headline metric (p50 for latency, rate for throughput). */
  ratio?: number;
  budgets: Budget[];
  notes?: string[];
}
