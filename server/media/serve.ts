import type { Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { errorResponse } from '@/lib/http/route';
import { authoriseMedia, mediaNotFound } from './access';
import { relativePathFromUrl, safeRelativePath } from './storage';
import { contentDisposition, contentTypeFor } from './types';

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/**
 * The media-relative path a request names below `prefix`, read from the raw URL; when Next also
 * routed it (`[...path]`), the decoded segments must say the same thing, or the path is refused.
 */
async function requestedPath(
  request: Request,
  context: RouteContext,
  prefix: string,
): Promise<string | null> {
  const rel = relativePathFromUrl(new URL(request.url).pathname, prefix);
  const routed = (await context.params)?.path;
  if (routed !== undefined) {
    const segments = Array.isArray(routed) ? routed : [routed];
    if (safeRelativePath(segments) !== rel) return null;
  }
  return rel;
}

/** nginx's ETag format (hex mtime seconds - hex size), so a file has one ETag whichever server sends it. */
function entityTag(st: Stats): string {
  return `"${Math.floor(st.mtimeMs / 1000).toString(16)}-${st.size.toString(16)}"`;
}

function etagListMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

type RangeResult = { start: number; end: number } | 'unsatisfiable' | null;

/** One `bytes=` range (`a-b`, `a-`, `-n`); several ranges or bad syntax are ignored (whole file, 200). */
export function parseRange(header: string, size: number): RangeResult {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? Number.POSITIVE_INFINITY : Number(m[2]);
  if (last < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(last, size - 1) };
}

function ifRangeHolds(request: Request, etag: string, lastModified: string): boolean {
  const v = request.headers.get('if-range');
  if (!v) return true;
  if (v.startsWith('"') || v.startsWith('W/')) return v === etag;
  return Date.parse(v) === Date.parse(lastModified);
}

/**
 * Bytes per read. Every chunk crosses the web stream and Next's response writer (a few promises
 * each), so large reads matter: 1 MiB chunks gave ~1.6× the download throughput of the 256 KiB chunks of
 * `Readable.toWeb(createReadStream())` (bench/scenarios/media.ts, A7 direct).
 */
const READ_CHUNK = 1024 * 1024;

/**
 * Bytes `start`..`end` (inclusive) of an open file as a byte stream that reads only when its
 * consumer asks (a paused reader holds at most one chunk), and closes the file at the end, on
 * error and on cancel. A file that shrinks meanwhile errors the stream rather than ending it short.
 */
function fileStream(fh: FileHandle, start: number, end: number): ReadableStream<Uint8Array> {
  let pos = start;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await fh.close().catch(() => {});
  };
  return new ReadableStream({
    type: 'bytes',
    async pull(controller) {
      try {
        const want = Math.min(READ_CHUNK, end + 1 - pos);
        // A fresh buffer each time: the previous one may still sit in the socket's write queue.
        const buf = Buffer.allocUnsafeSlow(want);
        const { bytesRead } = await fh.read(buf, 0, want, pos);
        if (bytesRead === 0) throw new Error('media file shrank while it was being sent');
        pos += bytesRead;
        controller.enqueue(bytesRead === want ? buf : buf.subarray(0, bytesRead));
        if (pos > end) {
          await close();
          controller.close();
        }
      } catch (err) {
        await close();
        controller.error(err);
      }
    },
    cancel: close,
  });
}

function fileResponse(request: Request, fh: FileHandle, st: Stats, rel: string): Response {
  const etag = entityTag(st);
  const lastModified = new Date(Math.floor(st.mtimeMs / 1000) * 1000).toUTCString();
  const validators = {
    ETag: etag,
    'Last-Modified': lastModified,
    // Revalidate every time (the permission check runs on each request); never transform (gzip would
    // break byte ranges).
    'Cache-Control': 'private, no-cache, no-transform',
  };
  const inm = request.headers.get('if-none-match');
  const ims = request.headers.get('if-modified-since');
  const notModified =
    inm !== null
      ? etagListMatches(inm, etag)
      : ims !== null && !Number.isNaN(Date.parse(ims)) && Date.parse(lastModified) <= Date.parse(ims);
  if (notModified) return new Response(null, { status: 304, headers: validators });

  const headers = new Headers({
    ...validators,
    'Content-Type': contentTypeFor(rel),
    'Content-Disposition': contentDisposition(rel),
    'X-Content-Type-Options': 'nosniff',
    'Accept-Ranges': 'bytes',
  });
  // Never let a stored HTML or SVG file run script in our origin; a PDF needs the browser's viewer.
  if (!rel.toLowerCase().endsWith('.pdf'))
    headers.set('Content-Security-Policy', "default-src 'none'; sandbox");

  let start = 0;
  let end = st.size - 1;
  let status = 200;
  const rangeHeader = request.headers.get('range');
  if (rangeHeader && ifRangeHolds(request, etag, lastModified)) {
    const range = parseRange(rangeHeader, st.size);
    if (range === 'unsatisfiable') {
      headers.set('Content-Range', `bytes */${st.size}`);
      headers.delete('Content-Disposition');
      return new Response(null, { status: 416, headers });
    }
    if (range) {
      ({ start, end } = range);
      status = 206;
      headers.set('Content-Range', `bytes ${start}-${end}/${st.size}`);
    }
  }
  headers.set('Content-Length', String(Math.max(0, end - start + 1)));
  if (request.method === 'HEAD' || st.size === 0) return new Response(null, { status, headers });
  return new Response(fileStream(fh, start, end), { status, headers });
}

/**
 * GET/HEAD `/media/<path>`: the file, to a caller allowed to view the object it belongs to (see
 * `authoriseMedia`), streamed from disk with ranges, validators (304) and safe headers.
 */
export async function serveMedia(request: Request, context: RouteContext): Promise<Response> {
  const url = new URL(request.url);
  let fh: FileHandle | undefined;
  try {
    const rel = await requestedPath(request, context, '/media/');
    const real = await authoriseMedia(request.headers, rel);
    fh = await open(real, 'r');
    const st = await fh.stat();
    if (!st.isFile()) throw mediaNotFound();
    const res = fileResponse(request, fh, st, rel!);
    if (!res.body) await fh.close();
    return res;
  } catch (err) {
    await fh?.close().catch(() => {});
    return errorResponse(err, url);
  }
}

/**
 * GET/HEAD `/media-auth/<path>`, or `/media-auth/` with the original URI in `X-Original-URI`
 * (nginx `auth_request`) or `X-Forwarded-Uri` (Caddy `forward_auth`): 204 when `/media/<path>`
 * would be served to this caller, else 401/403/404 as `/media/` would answer. Sends no file.
 */
export async function authoriseMediaRequest(request: Request, context: RouteContext): Promise<Response> {
  const url = new URL(request.url);
  try {
    const routed = (await context.params)?.path;
    let rel: string | null;
    if (routed?.length) rel = await requestedPath(request, context, '/media-auth/');
    else {
      const original = request.headers.get('x-original-uri') ?? request.headers.get('x-forwarded-uri');
      rel = original ? relativePathFromUrl(original, '/media/') : null;
    }
    await authoriseMedia(request.headers, rel);
    return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    return errorResponse(err, url);
  }
}
