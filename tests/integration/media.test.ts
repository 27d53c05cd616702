import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { attachments } from '@/db/schema';
import { SESSION_COOKIE } from '@/server/auth/authenticate';
import { createSession } from '@/server/auth/sessions';
import { mediaAuthRoute, mediaRoute } from '@/server/media';
import { api } from '../api';
import { makeUser, type TestUser, tokenFor } from '../factories';

// A throw-away MEDIA_ROOT (with a secret file beside it, outside), set before env.ts is imported.
const { base, mediaRoot } = await vi.hoisted(async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const p = await import('node:path');
  const dir = fs.mkdtempSync(p.join(os.tmpdir(), 'inventree-media-'));
  process.env.MEDIA_ROOT = p.join(dir, 'media');
  process.env.MAX_UPLOAD_MB = String(Number(process.env.MEDIA_BENCH_MB ?? 200) + 1);
  return { base: dir, mediaRoot: p.join(dir, 'media') };
});

const SECRET = 'TOP-SECRET-OUTSIDE-MEDIA-ROOT';

/**
 * Calls the media route handlers as Next does: `params.path` is the URL's segments, each
 * percent-decoded (an undecodable one is passed through as is).
 */
function segmentsOf(rawPath: string, prefix: string): string[] | undefined {
  const rest = rawPath.split('?')[0]!.slice(prefix.length);
  if (!rest) return undefined;
  return rest.split('/').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}

async function call(
  route: typeof mediaRoute,
  prefix: string,
  rawPath: string,
  opts: { method?: string; headers?: Record<string, string>; params?: string[] } = {},
) {
  // `new Request` normalises dot segments (also `%2e%2e`) in its URL; the params are made from the
  // raw path, as a router that did not normalise would pass them: the handler must refuse both.
  const request = new Request(`http://localhost:3000${rawPath}`, {
    method: opts.method ?? 'GET',
    headers: opts.headers,
  });
  const params = opts.params ?? segmentsOf(rawPath, prefix);
  const res = await route.GET(request, { params: Promise.resolve(params ? { path: params } : {}) });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, text: body.toString('utf8') };
}
const media = (p: string, opts?: Parameters<typeof call>[3]) => call(mediaRoute, '/media/', p, opts);
const mediaAuth = (p: string, opts?: Parameters<typeof call>[3]) =>
  call(mediaAuthRoute, '/media-auth/', p, opts);

describe('protected media (/media/ and /media-auth/)', () => {
  let owner: TestUser;
  let ownerToken: string;
  let otherToken: string;
  let viewerToken: string;
  let superToken: string;
  let textUrl: string;
  let pngUrl: string;
  let pdfUrl: string;
  const content = randomBytes(1000).toString('hex'); // 2000 bytes of text

  const upload = async (name: string, data: string | Uint8Array<ArrayBuffer>) => {
    const fd = new FormData();
    fd.append('attachment', new Blob([data]), name);
    fd.append('model_type', 'user');
    fd.append('model_id', String(owner.id));
    const r = await api('POST', '/api/attachment/', { token: ownerToken, form: fd });
    expect(r.status).toBe(201);
    return r.body.attachment as string;
  };
  const auth = (token: string) => ({ authorization: `Token ${token}` });

  beforeAll(async () => {
    owner = await makeUser();
    ownerToken = await tokenFor(owner);
    otherToken = await tokenFor(await makeUser());
    viewerToken = await tokenFor(await makeUser({ roles: { admin: ['view'] } }));
    superToken = await tokenFor(await makeUser({ superuser: true }));
    writeFileSync(path.join(base, 'secret.txt'), SECRET);
    textUrl = await upload('notes v1.txt', content);
    pngUrl = await upload('board.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    pdfUrl = await upload('Datenblatt – Größe.pdf', '%PDF-1.4 fake');
  });

  afterAll(() => {
    rmSync(base, { recursive: true, force: true });
  });

  it('is 401 anonymous, 403 without the owner’s view right, 200 for the owner, admin.view and superusers', async () => {
    const anon = await media(textUrl);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toBe('Token');
    expect(anon.text).not.toContain(content);
    const other = await media(textUrl, { headers: auth(otherToken) });
    expect(other.status).toBe(403);
    expect(JSON.parse(other.text)).toEqual({ detail: 'You do not have permission to perform this action.' });
    for (const token of [ownerToken, viewerToken, superToken]) {
      const r = await media(textUrl, { headers: auth(token) });
      expect(r.status).toBe(200);
      expect(r.text).toBe(content);
    }
    expect((await media(textUrl, { headers: auth('inv-wrong') })).status).toBe(401);
  });

  it('accepts HTTP Basic and the session cookie', async () => {
    const basic = `Basic ${Buffer.from(`${owner.username}:${owner.password}`).toString('base64')}`;
    expect((await media(textUrl, { headers: { authorization: basic } })).status).toBe(200);
    const sid = await createSession(db, owner.id, { userAgent: 'vitest' });
    const jwt = await encode({ token: { sid }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE });
    const r = await media(textUrl, { headers: { cookie: `${SESSION_COOKIE}=${jwt}` } });
    expect(r.status).toBe(200);
    expect(r.text).toBe(content);
  });

  it('sends type, disposition, nosniff, ranges, validators and length', async () => {
    const r = await media(textUrl, { headers: auth(ownerToken) });
    expect(textUrl).toBe(`/media/attachments/user/${owner.id}/notes_v1.txt`);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe(
      `attachment; filename="notes_v1.txt"; filename*=UTF-8''notes_v1.txt`,
    );
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(r.headers.get('content-length')).toBe('2000');
    expect(r.headers.get('etag')).toMatch(/^"[0-9a-f]+-7d0"$/);
    expect(r.headers.get('last-modified')).toMatch(/GMT$/);
    expect(r.headers.get('cache-control')).toBe('private, no-cache, no-transform');
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");

    const png = await media(pngUrl, { headers: auth(ownerToken) });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toMatch(/^inline; filename="board.png"/);
    const pdf = await media(pdfUrl, { headers: auth(ownerToken) });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // The dash is dropped on upload (Django's rule); letters stay: an ASCII fallback and the UTF-8 name.
    expect(pdf.headers.get('content-disposition')).toBe(
      `inline; filename="Datenblatt__Gr__e.pdf"; filename*=UTF-8''Datenblatt__Gr%C3%B6%C3%9Fe.pdf`,
    );
    expect(pdf.headers.get('content-security-policy')).toBeNull();

    const head = await media(textUrl, { method: 'HEAD', headers: auth(ownerToken) });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('2000');
    expect(head.body.length).toBe(0);
  });

  it('serves byte ranges (206), refuses unsatisfiable ones (416) and ignores what it cannot honour', async () => {
    const h = (range: string, extra: Record<string, string> = {}) =>
      media(textUrl, { headers: { ...auth(ownerToken), range, ...extra } });
    const first = await h('bytes=0-99');
    expect(first.status).toBe(206);
    expect(first.body.length).toBe(100);
    expect(first.text).toBe(content.slice(0, 100));
    expect(first.headers.get('content-range')).toBe('bytes 0-99/2000');
    expect(first.headers.get('content-length')).toBe('100');
    const open = await h('bytes=1990-');
    expect(open.status).toBe(206);
    expect(open.text).toBe(content.slice(1990));
    const suffix = await h('bytes=-5');
    expect(suffix.text).toBe(content.slice(-5));
    expect(suffix.headers.get('content-range')).toBe('bytes 1995-1999/2000');
    const clamped = await h('bytes=1500-999999');
    expect(clamped.headers.get('content-range')).toBe('bytes 1500-1999/2000');
    const tooFar = await h('bytes=2000-');
    expect(tooFar.status).toBe(416);
    expect(tooFar.headers.get('content-range')).toBe('bytes */2000');
    expect(tooFar.body.length).toBe(0);
    expect((await h('bytes=-0')).status).toBe(416);
    for (const ignored of ['bytes=0-1,5-6', 'bytes=9-3', 'items=0-1', 'bytes=x-y']) {
      const r = await h(ignored);
      expect(r.status).toBe(200);
      expect(r.body.length).toBe(2000);
    }
    const etag = first.headers.get('etag')!;
    expect((await h('bytes=0-9', { 'if-range': etag })).status).toBe(206);
    expect((await h('bytes=0-9', { 'if-range': '"stale"' })).status).toBe(200);
  });

  it('answers 304 to If-None-Match and If-Modified-Since, with If-None-Match taking precedence', async () => {
    const r = await media(textUrl, { headers: auth(ownerToken) });
    const etag = r.headers.get('etag')!;
    const lastModified = r.headers.get('last-modified')!;
    const cond = (headers: Record<string, string>) =>
      media(textUrl, { headers: { ...auth(ownerToken), ...headers } });
    const hit = await cond({ 'if-none-match': etag });
    expect(hit.status).toBe(304);
    expect(hit.body.length).toBe(0);
    expect(hit.headers.get('etag')).toBe(etag);
    expect((await cond({ 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    expect((await cond({ 'if-none-match': '*' })).status).toBe(304);
    expect((await cond({ 'if-none-match': '"other"' })).status).toBe(200);
    expect((await cond({ 'if-modified-since': lastModified })).status).toBe(304);
    expect((await cond({ 'if-modified-since': new Date(Date.now() + 86400_000).toUTCString() })).status).toBe(
      304,
    );
    expect((await cond({ 'if-modified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' })).status).toBe(200);
    expect((await cond({ 'if-none-match': '"other"', 'if-modified-since': lastModified })).status).toBe(200);
    // The permission check comes first: a 304 is never a way around it.
    expect((await media(textUrl, { headers: { ...auth(otherToken), 'if-none-match': etag } })).status).toBe(
      403,
    );

    // A changed file gets a new validator.
    const file = path.join(mediaRoot, textUrl.replace('/media/', ''));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect((await cond({ 'if-none-match': etag })).status).toBe(200);
  });

  it('is 404 for files no row owns, for rows whose file is gone, and for the bare prefix', async () => {
    const dir = path.join(mediaRoot, 'attachments', 'user', String(owner.id));
    writeFileSync(path.join(dir, 'orphan.txt'), 'orphan');
    mkdirSync(path.join(mediaRoot, 'part_images'), { recursive: true });
    writeFileSync(path.join(mediaRoot, 'part_images', 'x.png'), 'x');
    for (const p of [`/media/attachments/user/${owner.id}/orphan.txt`, '/media/part_images/x.png']) {
      expect((await media(p, { headers: auth(superToken) })).status).toBe(404);
    }
    const gone = await upload('gone.txt', 'soon gone');
    unlinkSync(path.join(mediaRoot, gone.replace('/media/', '')));
    expect((await media(gone, { headers: auth(ownerToken) })).status).toBe(404);
    expect((await media('/media/', { headers: auth(superToken) })).status).toBe(404);
    expect((await media('/media/attachments', { headers: auth(superToken) })).status).toBe(404);
  });

  describe('path traversal', () => {
    const id = () => owner.id;
    const variants = () => [
      '/media/../secret.txt',
      `/media/attachments/user/${id()}/../../../../secret.txt`,
      '/media/%2e%2e/secret.txt',
      '/media/%2E%2E/secret.txt',
      '/media/.%2e/secret.txt',
      '/media/%2e./secret.txt',
      '/media/..%2fsecret.txt',
      '/media/..%2Fsecret.txt',
      '/media/%2e%2e%2fsecret.txt',
      '/media/..%5csecret.txt',
      '/media/..\\secret.txt',
      `/media/attachments%2fuser%2f${id()}%2f..%2f..%2f..%2f..%2fsecret.txt`,
      '/media/%252e%252e/secret.txt',
      '/media//secret.txt',
      `/media/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
      `/media/%2f${path.join(base, 'secret.txt').slice(1)}`,
      `/media/attachments/user/${id()}/notes_v1.txt%00.png`,
      '/media/%00',
      '/media/%',
      '/media/%c0%ae%c0%ae/secret.txt',
    ];

    it('refuses every variant, with the URL as sent and with Next-decoded params', async () => {
      for (const p of variants()) {
        for (const route of [
          media,
          (x: string, o?: Parameters<typeof call>[3]) => mediaAuth(x.replace('/media/', '/media-auth/'), o),
        ]) {
          const r = await route(p, { headers: auth(superToken) });
          expect([400, 404], `${p} → ${r.status}`).toContain(r.status);
          expect(r.text).not.toContain(SECRET);
        }
      }
    });

    it('refuses dangerous params even when the URL looks harmless', async () => {
      for (const params of [
        ['..', 'secret.txt'],
        ['a', '..', '..', 'secret.txt'],
        [path.join(base, 'secret.txt')],
        ['a\0b'],
        ['.'],
      ]) {
        const r = await media(`/media/attachments/user/${owner.id}/notes_v1.txt`, {
          headers: auth(superToken),
          params,
        });
        expect(r.status, JSON.stringify(params)).toBe(404);
      }
    });

    it('refuses a row that names a path outside, and symbolic links leading out', async () => {
      await db
        .insert(attachments)
        .values({ modelType: 'user', modelId: owner.id, attachment: '../secret.txt' });
      const dir = path.join(mediaRoot, 'attachments', 'user', String(owner.id));
      symlinkSync(path.join(base, 'secret.txt'), path.join(dir, 'link.txt'));
      await db.insert(attachments).values({
        modelType: 'user',
        modelId: owner.id,
        attachment: `attachments/user/${owner.id}/link.txt`,
      });
      symlinkSync(base, path.join(dir, 'outside'));
      await db.insert(attachments).values({
        modelType: 'user',
        modelId: owner.id,
        attachment: `attachments/user/${owner.id}/outside/secret.txt`,
      });
      for (const p of [
        '/media/../secret.txt',
        `/media/attachments/user/${owner.id}/link.txt`,
        `/media/attachments/user/${owner.id}/outside/secret.txt`,
      ]) {
        const r = await media(p, { headers: auth(ownerToken) });
        expect(r.status, p).toBe(404);
        expect(r.text).not.toContain(SECRET);
        const a = await mediaAuth(p.replace('/media/', '/media-auth/'), { headers: auth(ownerToken) });
        expect(a.status, p).toBe(404);
      }
      // A symbolic link that stays inside MEDIA_ROOT is fine.
      symlinkSync(path.join(dir, 'notes_v1.txt'), path.join(dir, 'inside.txt'));
      await db.insert(attachments).values({
        modelType: 'user',
        modelId: owner.id,
        attachment: `attachments/user/${owner.id}/inside.txt`,
      });
      const inside = await media(`/media/attachments/user/${owner.id}/inside.txt`, {
        headers: auth(ownerToken),
      });
      expect(inside.status).toBe(200);
      expect(inside.text).toBe(content);
    });
  });

  it('/media-auth/ answers 204/401/403/404 by path or by X-Original-URI / X-Forwarded-Uri, without the file', async () => {
    const authPath = textUrl.replace('/media/', '/media-auth/');
    const ok = await mediaAuth(authPath, { headers: auth(ownerToken) });
    expect(ok.status).toBe(204);
    expect(ok.body.length).toBe(0);
    expect((await mediaAuth(authPath)).status).toBe(401);
    expect((await mediaAuth(authPath, { headers: auth(otherToken) })).status).toBe(403);
    expect(
      (await mediaAuth(`/media-auth/attachments/user/${owner.id}/nothing.txt`, { headers: auth(ownerToken) }))
        .status,
    ).toBe(404);
    for (const header of ['x-original-uri', 'x-forwarded-uri']) {
      const h = (uri: string, token?: string) =>
        mediaAuth('/media-auth/', { headers: { [header]: uri, ...(token ? auth(token) : {}) } });
      expect((await h(`${textUrl}?download=1`, ownerToken)).status).toBe(204);
      expect((await h(textUrl)).status).toBe(401);
      expect((await h(textUrl, otherToken)).status).toBe(403);
      expect((await h('/media/%2e%2e/secret.txt', superToken)).status).toBe(404);
      expect((await h('/static/x.png', superToken)).status).toBe(404);
    }
    expect((await mediaAuth('/media-auth/', { headers: auth(ownerToken) })).status).toBe(404);
  });

  it('streams large files both ways without holding them in memory', async () => {
    const MB = 1024 * 1024;
    const size = Number(process.env.MEDIA_BENCH_MB ?? 200) * MB;
    const chunk = Buffer.alloc(MB, 7);
    const boundary = 'vitest-boundary-1234567890';
    // A multipart body produced on the fly, so neither side needs the whole file at once.
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="model_type"\r\n\r\nuser\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="model_id"\r\n\r\n${owner.id}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="big.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    let sent = -1;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === -1) controller.enqueue(head);
        else if (sent < size) controller.enqueue(chunk);
        else {
          controller.enqueue(tail);
          controller.close();
        }
        sent = sent === -1 ? 0 : sent + MB;
      },
    });
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const t0 = performance.now();
    const { uploadRouteHandlers } = await import('@/lib/http/upload');
    const { attachmentList } = await import('@/server/attachments/endpoints');
    const res = await uploadRouteHandlers(attachmentList).POST(
      new Request('http://localhost:3000/api/attachment/', {
        method: 'POST',
        headers: { ...auth(ownerToken), 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
        duplex: 'half',
      } as RequestInit),
      { params: Promise.resolve({}) },
    );
    const t1 = performance.now();
    const upPeak = peak;
    global.gc?.();
    const rss1 = process.memoryUsage().rss;
    peak = rss1;
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.file_size).toBe(size);

    const download = await mediaRoute.GET(
      new Request(`http://localhost:3000${created.attachment}`, { headers: auth(ownerToken) }),
      { params: Promise.resolve({ path: created.attachment.split('/').slice(2) }) },
    );
    // Backpressure: after the first chunk, a paused reader makes the server read no further ahead.
    const reader = download.body!.getReader();
    let received = (await reader.read()).value!.length;
    global.gc?.();
    const rssPaused = process.memoryUsage().rss;
    await new Promise((r) => setTimeout(r, 300));
    const aheadMB = (process.memoryUsage().rss - rssPaused) / MB;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
    }
    const t2 = performance.now();
    clearInterval(timer);
    expect(received).toBe(size);
    const upMBs = size / MB / ((t1 - t0) / 1000);
    const downMBs = size / MB / ((t2 - t1 - 300) / 1000);
    console.log(
      `[media] ${size / MB} MB: upload ${upMBs.toFixed(0)} MB/s (peak +${((upPeak - rss0) / MB).toFixed(0)} MB RSS), ` +
        `download ${downMBs.toFixed(0)} MB/s (+${aheadMB.toFixed(1)} MB while the reader paused; ` +
        `peak +${((peak - rss1) / MB).toFixed(0)} MB RSS with a fast reader, mostly uncollected buffers)`,
    );
    // Buffering the upload would take the whole file in memory; a download must not read ahead.
    expect((upPeak - rss0) / MB).toBeLessThan(64);
    expect(aheadMB).toBeLessThan(16);
  });
});
