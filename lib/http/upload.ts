import { randomBytes } from 'node:crypto';
import { createWriteStream, constants as fsConstants } from 'node:fs';
import { copyFile, link, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import busboy from 'busboy';
import { db } from '@/db/client';
import { authenticate } from '@/server/auth/authenticate';
import { AppError, fieldError } from '../errors';
import { log } from '../logger';
import { z } from '../zod';
import { allowed } from './access';
import type { EndpointSpec } from './endpoint';
import { errorResponse, publicUrl, routeHandlers } from './route';

/**
 * Streamed multipart uploads.
 *
 * The route wrapper reads bodies with `request.formData()`, which holds every file in memory. An
 * endpoint that takes large files declares `upload`, and its generated route uses
 * `uploadRouteHandlers`: a multipart POST, PUT or PATCH is authenticated first, its file part is
 * streamed to a staging file beside the final location (with a size limit), and then the ordinary
 * wrapper runs with a JSON body in which the file field is a reference to that staged file. The schema
 * `stagedFile()` turns the reference back into a `StagedFile` for the verb; a reference the client
 * made up is refused because only this process's registry knows staged ids.
 * Whatever happens, the staging file is removed afterwards, and a file the verb moved into place (or
 * derived and adopted, such as a thumbnail) is removed again when the request did not succeed
 * (validation error, failed insert, failed commit).
 */
export interface UploadOptions {
  /** The multipart field that carries the file (`attachment`, `image`, ...). */
  field: string;
  /** Where staging files go: on the same filesystem as the final location, so moving is a hard link. */
  stagingDir: () => string;
  maxBytes: () => number;
  /** The 400 message when the file is larger than `maxBytes`. */
  tooLargeMessage: (maxBytes: number) => string;
}

export type UploadEndpointSpec = EndpointSpec & { upload: UploadOptions };

export function isUploadEndpoint(spec: EndpointSpec): spec is UploadEndpointSpec {
  return typeof (spec as Partial<UploadEndpointSpec>).upload === 'object';
}

/** A file received by streaming, waiting in the staging directory until a verb moves it into place. */
export interface StagedFile {
  /** The client's file name, as sent (sanitise before use). */
  readonly filename: string;
  readonly size: number;
  readonly contentType: string;
  /** Where the staged bytes can be read (to inspect or convert them) until the request ends. */
  readonly path: string;
  /**
   * Puts the file at `dest` without overwriting anything (throws an `EEXIST` error if taken), and
   * remembers `dest` so it is removed again if the request fails later.
   */
  moveTo(dest: string): Promise<void>;
  /** Remembers a file the verb derived from this upload (a thumbnail), to remove with it on failure. */
  adopt(dest: string): void;
}

interface Entry extends StagedFile {
  size: number;
  tempPath: string;
  placed: string[];
}

const globalStore = globalThis as { __stagedUploads?: Map<string, Entry> };
globalStore.__stagedUploads ??= new Map();
/** Staged files by id; on globalThis so every route bundle of this process shares it. */
const registry = globalStore.__stagedUploads;

const REF_KEY = '__staged_upload';

/**
 * The body field for a streamed file: accepts only a reference to a file staged by this process
 * (so a JSON body cannot name a path), or null/"" for "no file".
 */
export function stagedFile() {
  const refOf = (v: unknown) =>
    typeof v === 'object' && v !== null ? String((v as Record<string, unknown>)[REF_KEY]) : '';
  return z
    .unknown()
    .refine(
      (v) => v === null || v === '' || registry.has(refOf(v)),
      'The submitted data was not a file. Check the encoding type on the form.',
    )
    .transform((v): StagedFile | null => (v === null || v === '' ? null : registry.get(refOf(v))!))
    .meta({ type: 'file upload' });
}

function sameOrigin(request: Request, url: URL): boolean {
  const origin = request.headers.get('origin') ?? request.headers.get('referer');
  try {
    return origin !== null && new URL(origin).host === url.host;
  } catch {
    return false;
  }
}

function isMultipart(request: Request): boolean {
  return /^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '');
}

function withoutBody(request: Request, body?: string): Request {
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  if (body === undefined) headers.delete('content-type');
  else headers.set('content-type', 'application/json');
  return new Request(request.url, { method: request.method, headers, body });
}

let lastSweep = 0;
/** Removes staging files an earlier crash left behind (at most once an hour per process). */
async function sweepStale(dir: string): Promise<void> {
  if (Date.now() - lastSweep < 3600_000) return;
  lastSweep = Date.now();
  try {
    for (const name of await readdir(dir)) {
      const p = path.join(dir, name);
      const s = await stat(p).catch(() => null);
      if (s?.isFile() && Date.now() - s.mtimeMs > 24 * 3600_000) await unlink(p).catch(() => {});
    }
  } catch {
    // Nothing to sweep.
  }
}

async function removeQuietly(p: string): Promise<void> {
  try {
    await unlink(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('could not remove file', { path: p, err });
  }
}

interface Staged {
  fields: Record<string, unknown>;
  entry: Entry | null;
  ref: string | null;
}

/** Counts bytes and fails the pipeline as soon as the file is over the limit. */
function limiter(max: number, onTooLarge: () => Error) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(onTooLarge());
      else done(null, chunk);
    },
  });
}

function stagedEntry(tempPath: string, filename: string, contentType: string): Entry {
  return {
    filename,
    contentType,
    size: 0,
    tempPath,
    path: tempPath,
    placed: [],
    async moveTo(dest) {
      try {
        await link(tempPath, dest);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw err;
        // A filesystem without hard links: copy, still refusing to overwrite.
        await copyFile(tempPath, dest, fsConstants.COPYFILE_EXCL);
      }
      this.placed.push(dest);
    },
    adopt(dest) {
      this.placed.push(dest);
    },
  };
}

/**
 * Parses a multipart body as a stream: text fields are collected (repeated names become arrays),
 * the `opts.field` file is written to a new staging file, other files are discarded unread. A file
 * over the limit ends the upload at once (the rest of the body is not read).
 */
async function stageMultipart(request: Request, opts: UploadOptions): Promise<Staged> {
  const dir = opts.stagingDir();
  await mkdir(dir, { recursive: true });
  void sweepStale(dir);
  const max = opts.maxBytes();
  const fields: Record<string, unknown> = {};
  const state: { entry: Entry | null; ref: string | null; failure: unknown } = {
    entry: null,
    ref: null,
    failure: null,
  };
  const writes: Promise<void>[] = [];

  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: { 'content-type': request.headers.get('content-type') ?? '' },
      defParamCharset: 'utf8',
      limits: { fields: 1000, fieldSize: 1024 * 1024, files: 20, parts: 1100 },
    });
  } catch (err) {
    throw new AppError('bad_request', `Multipart form parse error - ${(err as Error).message}`);
  }
  const source = request.body
    ? Readable.fromWeb(request.body as unknown as NodeWebStream<Uint8Array>)
    : Readable.from([]);

  let abort!: (err: unknown) => void;
  const aborted = new Promise<never>((_resolve, reject) => {
    abort = (err) => {
      state.failure ??= err;
      reject(err);
    };
  });
  const parsed = new Promise<void>((resolve, reject) => {
    bb.on('field', (name, value) => {
      if (name === opts.field && state.ref) return;
      const prev = fields[name];
      fields[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    });
    bb.on('file', (name, stream, info) => {
      if (name !== opts.field || state.entry || !info.filename) {
        stream.resume();
        return;
      }
      const tempPath = path.join(dir, `${Date.now()}-${randomBytes(12).toString('hex')}.part`);
      const entry = stagedEntry(tempPath, info.filename, info.mimeType || 'application/octet-stream');
      state.entry = entry;
      state.ref = randomBytes(24).toString('hex');
      fields[name] = { [REF_KEY]: state.ref };
      writes.push(
        pipeline(
          stream,
          limiter(max, () => fieldError(opts.field, opts.tooLargeMessage(max))),
          createWriteStream(tempPath, { flags: 'wx', mode: 0o640 }),
        ).then(
          async () => {
            entry.size = (await stat(tempPath)).size;
          },
          (err) => abort(err),
        ),
      );
    });
    bb.on('close', resolve);
    bb.on('error', reject);
    source.on('error', reject);
  });
  const done = parsed.then(() => Promise.all(writes));
  done.catch(() => {});
  aborted.catch(() => {});

  source.pipe(bb);
  try {
    await Promise.race([done, aborted]);
    if (state.failure) throw state.failure;
  } catch (err) {
    source.unpipe(bb);
    source.destroy();
    if (state.entry) await removeQuietly(state.entry.tempPath);
    if (err instanceof AppError) throw err;
    throw new AppError('bad_request', `Multipart form parse error - ${(err as Error).message}`);
  }
  if (state.entry && state.ref) {
    if (state.entry.size === 0) {
      await removeQuietly(state.entry.tempPath);
      throw fieldError(opts.field, 'The submitted file is empty.');
    }
    registry.set(state.ref, state.entry);
  }
  return { fields, entry: state.entry, ref: state.ref };
}

type StreamedMethod = 'POST' | 'PUT' | 'PATCH';

/**
 * `routeHandlers` for an endpoint with `upload`: multipart POST, PUT and PATCH requests are
 * streamed (see above), every other request goes to the ordinary wrapper unchanged.
 */
export function uploadRouteHandlers(spec: UploadEndpointSpec) {
  const base = routeHandlers(spec);
  const streamed = (method: StreamedMethod): typeof base.POST => {
    const plain = base[method];
    return async (request, context) => {
      const m = spec[method];
      if (!isMultipart(request) || !m) return plain(request, context);
      const url = publicUrl(request);
      // Authenticate before reading a byte: anonymous callers and callers without the right never
      // stage a file, and the wrapper answers them (401/403) exactly as for any other endpoint.
      try {
        const who = await authenticate(db, request.headers);
        if (!allowed(who, m.access, method)) return plain(withoutBody(request), context);
        // A cookie-session upload from another origin: the wrapper answers its CSRF 403.
        if (who?.via === 'session' && !sameOrigin(request, url)) return plain(withoutBody(request), context);
      } catch (err) {
        return errorResponse(err, url);
      }
      let staged: Staged;
      try {
        staged = await stageMultipart(request, spec.upload);
      } catch (err) {
        return errorResponse(err, url);
      }
      const { ref } = staged;
      let ok = false;
      try {
        const res = await plain(withoutBody(request, JSON.stringify(staged.fields)), context);
        ok = res.status < 300;
        return res;
      } finally {
        if (ref) registry.delete(ref);
        if (staged.entry) {
          await removeQuietly(staged.entry.tempPath);
          if (!ok) for (const p of staged.entry.placed) await removeQuietly(p);
        }
      }
    };
  };
  return { ...base, POST: streamed('POST'), PUT: streamed('PUT'), PATCH: streamed('PATCH') };
}
