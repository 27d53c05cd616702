import type { z } from 'zod';

/** Queue behaviour of a job (pg-boss queue options). */
export interface QueueSettings {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  /** A job not finished within this many seconds is failed and retried. */
  expireInSeconds: number;
  /** Workers prove they are alive this often; a killed worker's job is retried after this. */
  heartbeatSeconds?: number;
  /** Finished jobs are kept this long (visible in the admin page), then deleted by pg-boss. */
  deleteAfterSeconds?: number;
}

/**
 * A job's definition: name, payload schema, queue options and optional schedule. Definitions
 * carry no handler, so server verbs can import them to enqueue while only worker.ts imports the
 * handlers (jobs/handlers.ts): `server/` and `jobs/` never import each other in a circle.
 */
export interface JobDefinition<P extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  payload: P;
  queue: QueueSettings;
  /** Cron expression (UTC) for periodic jobs. */
  cron?: string;
  /** Jobs handed to one handler call. */
  batchSize?: number;
}

export const DEFAULT_QUEUE: QueueSettings = {
  retryLimit: 5,
  retryDelay: 10,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  heartbeatSeconds: 30,
  deleteAfterSeconds: 7 * 24 * 3600,
};

export function defineJob<P extends z.ZodType>(
  def: Omit<JobDefinition<P>, 'queue'> & { queue?: Partial<QueueSettings> },
): JobDefinition<P> {
  return { ...def, queue: { ...DEFAULT_QUEUE, ...def.queue } };
}

/** Where jobs that exhausted their retries go; its handler tells the superusers. */
export const DEAD_LETTER_QUEUE = 'system.dead-letter';
