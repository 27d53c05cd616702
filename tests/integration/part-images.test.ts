import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { notesImages, parts } from '@/db/schema';
import { AppError, fieldError } from '@/lib/errors';
import { endpoint, method } from '@/lib/http/endpoint';
import { stagedFile, uploadRouteHandlers } from '@/lib/http/upload';
import { z } from '@/lib/zod';
import { maxUploadBytes, mediaRoute } from '@/server/media';
import { assignExistingImage, INVALID_IMAGE } from '@/server/partdata';
import { api } from '../api';
import { ctxFor, makeUser, type TestUser, tokenFor, unique } from '../factories';
import { insertPart, type PartRow } from '../part-rows';

// A throw-away MEDIA_ROOT, set before env.ts is first imported.
const { mediaRoot } = await vi.hoisted(async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const p = await import('node:path');
  const dir = fs.mkdtempSync(p.join(os.tmpdir(), 'inventree-partimg-'));
  process.env.MEDIA_ROOT = p.join(dir, 'media');
  return { mediaRoot: p.join(dir, 'media') };
});

const imagesDir = path.join(mediaRoot, 'part_images');
const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
const staging = () => filesIn(path.join(mediaRoot, '.uploads'));

const image = (width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png') =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .toFormat(format)
    .toBuffer();

function form(fields: Record<string, string>, file?: { name: string; data: Uint8Array | string }) {
  const fd = new FormData();
  if (file) fd.append('image', new Blob([file.data as BlobPart]), file.name);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

/** GET /media/<url> as Next calls the media route (params are the decoded segments). */
async function media(url: string, token?: string) {
  const request = new Request(`http://localhost:3000${url}`, {
    headers: token ? { authorization: `Token ${token}` } : {},
  });
  const segments = url.slice('/media/'.length).split('/').map(decodeURIComponent);
  const res = await mediaRoute.GET(request, { params: Promise.resolve({ path: segments }) });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

let editorUser: TestUser;
let editor: string;
let viewer: string;
let nobody: string;

beforeAll(async () => {
  editorUser = await makeUser({ roles: { part: ['view', 'add', 'change', 'delete'] } });
  editor = await tokenFor(editorUser);
  viewer = await tokenFor(await makeUser({ roles: { part: ['view'] } }));
  nobody = await tokenFor(await makeUser({ roles: { stock: ['view'] } }));
});

afterAll(() => {
  rmSync(path.dirname(mediaRoot), { recursive: true, force: true });
});

describe('part images (/api/part/thumbs/ and the media route)', () => {
  const tag = unique('Imgpart');
  let first: PartRow;
  let second: PartRow;
  let third: PartRow;
  let stored: string;

  beforeAll(async () => {
    first = await insertPart({ name: `${tag} first` });
    second = await insertPart({ name: `${tag} second` });
    third = await insertPart({ name: `${tag} third` });
  });

  const upload = (
    method: 'PATCH' | 'PUT',
    part: number,
    file: { name: string; data: Uint8Array | string },
    token = editor,
  ) => api(method, `/api/part/thumbs/${part}/`, { token, form: form({}, file) });

  it('streams a multipart image, stores it with 128 px and 256 px renditions, and sets the part’s image', async () => {
    // A PNG under a .jpg name: the stored extension comes from the content.
    const r = await upload('PATCH', first.id, { name: 'photo.jpg', data: await image(600, 400) });
    expect(r.status).toBe(200);
    expect(r.body.image).toMatch(/^\/media\/part_images\/[0-9a-f]{24}\.png$/);
    stored = r.body.image.slice('/media/'.length);
    const base = path.basename(stored, '.png');
    expect(filesIn(imagesDir)).toEqual([`${base}.png`, `${base}.preview.png`, `${base}.thumbnail.png`]);
    const meta = async (name: string) => sharp(path.join(imagesDir, name)).metadata();
    expect(await meta(`${base}.png`)).toMatchObject({ format: 'png', width: 600, height: 400 });
    expect(await meta(`${base}.thumbnail.png`)).toMatchObject({ format: 'png', width: 128, height: 85 });
    expect(await meta(`${base}.preview.png`)).toMatchObject({ format: 'png', width: 256, height: 171 });
    const [row] = await db.select().from(parts).where(eq(parts.id, first.id));
    expect(row!.image).toBe(stored);
    expect(await api('GET', `/api/part/thumbs/${first.id}/`, { token: viewer })).toMatchObject({
      status: 200,
      body: { image: `/media/${stored}` },
    });
    expect(staging()).toEqual([]);
  });

  it('also streams PUT, and never enlarges a small image', async () => {
    const r = await upload('PUT', third.id, { name: 'tiny.webp', data: await image(40, 20, 'webp') });
    expect(r.status).toBe(200);
    const rel = r.body.image.slice('/media/'.length) as string;
    expect(rel).toMatch(/\.webp$/);
    const thumb = await sharp(path.join(mediaRoot, rel.replace(/\.webp$/, '.thumbnail.webp'))).metadata();
    expect(thumb).toMatchObject({ width: 40, height: 20 });
  });

  it('refuses what is not a raster image, whatever its name, and leaves no file behind', async () => {
    const before = filesIn(imagesDir);
    const corrupt = Buffer.concat([(await image(300, 300)).subarray(0, 120), Buffer.alloc(64)]);
    for (const file of [
      { name: 'evil.png', data: 'not an image at all' },
      { name: 'logo.svg', data: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' },
      { name: 'broken.png', data: corrupt },
    ]) {
      const r = await upload('PATCH', second.id, file);
      expect(r.status, file.name).toBe(400);
      expect(r.body).toEqual({ image: [INVALID_IMAGE] });
    }
    expect(filesIn(imagesDir)).toEqual(before);
    expect(staging()).toEqual([]);
    const [row] = await db.select().from(parts).where(eq(parts.id, second.id));
    expect(row!.image).toBeNull();
  });

  it('needs part.change, and a part that exists', async () => {
    const before = filesIn(imagesDir);
    const denied = await upload('PATCH', second.id, { name: 'a.png', data: await image(10, 10) }, viewer);
    expect(denied.status).toBe(403);
    const missing = await upload('PATCH', 99999999, { name: 'a.png', data: await image(10, 10) });
    expect(missing.status).toBe(404);
    expect(filesIn(imagesDir)).toEqual(before);
    expect(staging()).toEqual([]);
  });

  it('reuses an existing image by file name, and refuses names that are not stored originals', async () => {
    const name = path.posix.basename(stored);
    const r = await api('PATCH', `/api/part/thumbs/${second.id}/`, { token: editor, body: { image: name } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ image: `/media/${stored}` });
    const [row] = await db.select().from(parts).where(eq(parts.id, second.id));
    expect(row!.image).toBe(stored);
    for (const bad of [
      'nope.png',
      name.replace('.png', '.thumbnail.png'),
      '../part_images/../x.png',
      '.hidden',
    ]) {
      const e = await api('PATCH', `/api/part/thumbs/${third.id}/`, { token: editor, body: { image: bad } });
      expect(e.status, bad).toBe(400);
      expect(e.body).toEqual({ image: ['Image file does not exist'] });
    }
    // The part serializer's `existing_image` reports on its own field.
    const err = await assignExistingImage(await ctxFor(editorUser), third.id, 'missing.png').catch((x) => x);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).body).toEqual({ existing_image: ['Image file does not exist'] });
    expect(await assignExistingImage(await ctxFor(editorUser), third.id, `/media/${stored}`)).toBe(stored);
  });

  it('lists stored images with the number of parts using each, most used first', async () => {
    const r = await api('GET', `/api/part/thumbs/?search=${encodeURIComponent(tag)}`, { token: viewer });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([{ image: `/media/${stored}`, count: 3 }]);
    const other = await insertPart({ name: `${tag} fourth` });
    await upload('PATCH', other.id, { name: 'b.jpg', data: await image(64, 64, 'jpeg') });
    const both = await api('GET', `/api/part/thumbs/?search=${encodeURIComponent(tag)}`, { token: viewer });
    expect(both.body.map((t: { count: number }) => t.count)).toEqual([3, 1]);
    expect(both.body[1].image).toMatch(/\.jpg$/);
    const page = await api('GET', `/api/part/thumbs/?search=${encodeURIComponent(tag)}&limit=1`, {
      token: viewer,
    });
    expect(page.body).toMatchObject({ count: 2, results: [{ count: 3 }] });
    const fourth = await api('GET', `/api/part/thumbs/?search=${encodeURIComponent(`${tag} fourth`)}`, {
      token: viewer,
    });
    expect(fourth.body).toEqual([both.body[1]]);
    expect((await api('GET', '/api/part/thumbs/', { token: nobody })).status).toBe(403);
  });

  it('serves part images and renditions with part.view only: 401 anonymous, 403 without, 200 with', async () => {
    const url = `/media/${stored}`;
    const thumb = url.replace('.png', '.thumbnail.png');
    expect((await media(url)).status).toBe(401);
    expect((await media(url, nobody)).status).toBe(403);
    expect((await media(thumb, nobody)).status).toBe(403);
    const ok = await media(url, viewer);
    expect(ok.status).toBe(200);
    expect(ok.type).toBe('image/png');
    expect((await sharp(ok.body).metadata()).width).toBe(600);
    expect((await media(thumb, viewer)).status).toBe(200);
    expect((await media(url.replace('.png', '.preview.png'), viewer)).status).toBe(200);
    // A file in part_images that no part uses is nobody's.
    writeFileSync(path.join(imagesDir, 'stray.png'), await image(5, 5));
    expect((await media('/media/part_images/stray.png', viewer)).status).toBe(404);
  });
});

describe('attachments on parts', () => {
  it('attaches files to a part with part.change and serves them to part.view only', async () => {
    const part = await insertPart();
    const fd = new FormData();
    fd.append('attachment', new Blob(['datasheet']), 'datasheet.txt');
    fd.append('model_type', 'part');
    fd.append('model_id', String(part.id));
    const r = await api('POST', '/api/attachment/', { token: editor, form: fd });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ model_type: 'part', model_id: part.id, filename: 'datasheet.txt' });
    expect(r.body.attachment).toBe(`/media/attachments/part/${part.id}/datasheet.txt`);
    const listed = await api('GET', `/api/attachment/?model_type=part&model_id=${part.id}`, {
      token: viewer,
    });
    expect(listed.body.map((a: { pk: number }) => a.pk)).toEqual([r.body.pk]);
    expect(
      (await api('GET', `/api/attachment/?model_type=part&model_id=${part.id}`, { token: nobody })).body,
    ).toEqual([]);
    const denied = new FormData();
    denied.append('link', 'https://example.com/x');
    denied.append('model_type', 'part');
    denied.append('model_id', String(part.id));
    expect((await api('POST', '/api/attachment/', { token: viewer, form: denied })).status).toBe(403);
    const missing = await api('POST', '/api/attachment/', {
      token: editor,
      body: { link: 'https://example.com/x', model_type: 'part', model_id: 99999999 },
    });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ model_id: ['Invalid pk "99999999" - object does not exist.'] });
    expect((await media(r.body.attachment)).status).toBe(401);
    expect((await media(r.body.attachment, nobody)).status).toBe(403);
    const file = await media(r.body.attachment, viewer);
    expect(file.status).toBe(200);
    expect(file.body.toString()).toBe('datasheet');
  });
});

describe('notes images (/api/notes-image-upload/)', () => {
  const post = (
    fields: Record<string, string>,
    file?: { name: string; data: Uint8Array | string },
    token = editor,
  ) => api('POST', '/api/notes-image-upload/', { token, form: form(fields, file) });

  it('stores a pasted image under notes/ and answers InvenTree’s shape', async () => {
    const part = await insertPart();
    const name = `${unique('board')}.png`;
    const r = await post(
      { model_type: 'part', model_id: String(part.id) },
      { name, data: await image(20, 20) },
    );
    expect(r.status).toBe(201);
    expect(Object.keys(r.body)).toEqual(['pk', 'image', 'user', 'date', 'model_type', 'model_id']);
    expect(r.body).toMatchObject({
      image: `/media/notes/${name}`,
      user: editorUser.id,
      model_type: 'part',
      model_id: part.id,
    });
    expect(r.body.date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(existsSync(path.join(mediaRoot, 'notes', name))).toBe(true);
    // The same name again gets a suffix; nothing is overwritten.
    const again = await post({}, { name, data: await image(30, 30) });
    expect(again.status).toBe(201);
    expect(again.body.image).not.toBe(r.body.image);
    expect(again.body).toMatchObject({ model_type: null, model_id: null });
    const [row] = await db.select().from(notesImages).where(eq(notesImages.id, r.body.pk));
    expect(row!.image).toBe(`notes/${name}`);
    const listed = await api('GET', `/api/notes-image-upload/?search=${part.id}`, { token: viewer });
    expect(listed.body.map((x: { pk: number }) => x.pk)).toContain(r.body.pk);
  });

  it('refuses anonymous callers, missing files and non-images', async () => {
    const anon = await api('POST', '/api/notes-image-upload/', {
      form: form({}, { name: 'a.png', data: await image(5, 5) }),
    });
    expect(anon.status).toBe(401);
    expect((await post({})).body).toEqual({ image: ['No file was submitted.'] });
    const text = await post({}, { name: 'fake.png', data: 'hello' });
    expect(text.status).toBe(400);
    expect(text.body).toEqual({ image: [INVALID_IMAGE] });
    expect(staging()).toEqual([]);
  });

  it('serves a part’s notes image with part.view, one without a model to any signed-in user', async () => {
    const part = await insertPart();
    const partImage = await post(
      { model_type: 'part', model_id: String(part.id) },
      { name: 'n.png', data: await image(8, 8) },
    );
    expect((await media(partImage.body.image)).status).toBe(401);
    expect((await media(partImage.body.image, nobody)).status).toBe(403);
    expect((await media(partImage.body.image, viewer)).status).toBe(200);
    const loose = await post({}, { name: 'loose.png', data: await image(8, 8) });
    expect((await media(loose.body.image)).status).toBe(401);
    expect((await media(loose.body.image, nobody)).status).toBe(200);
    // A stray file in notes/ that no row names is a 404.
    mkdirSync(path.join(mediaRoot, 'notes'), { recursive: true });
    writeFileSync(path.join(mediaRoot, 'notes', 'stray.png'), 'x');
    expect((await media('/media/notes/stray.png', viewer)).status).toBe(404);
  });
});

describe('streamed PUT/PATCH uploads (lib/http/upload.ts)', () => {
  // An upload endpoint whose verb derives a file, adopts it, then fails: both files must go.
  const derived = path.join(mediaRoot, 'derived.bin');
  const moved = path.join(mediaRoot, 'moved.bin');
  const spec = endpoint({
    path: '/api/test-upload/{id}/',
    name: 'Test Upload',
    upload: {
      field: 'image',
      stagingDir: () => path.join(mediaRoot, '.uploads'),
      maxBytes: maxUploadBytes,
      tooLargeMessage: () => 'too large',
    },
    PATCH: method({
      access: 'part',
      params: z.object({ id: z.string() }),
      body: z.object({ image: stagedFile(), fail: z.string().optional() }),
      handler: async ({ body }) => {
        const file = body.image!;
        writeFileSync(derived, 'thumb');
        file.adopt(derived);
        await file.moveTo(moved);
        if (body.fail) throw fieldError('image', 'failed after storing');
        return { size: file.size };
      },
    }),
  });
  const call = (token: string, fields: Record<string, string>) =>
    uploadRouteHandlers(spec).PATCH(
      new Request('http://localhost:3000/api/test-upload/1/', {
        method: 'PATCH',
        headers: { authorization: `Token ${token}` },
        body: form(fields, { name: 'x.bin', data: 'payload' }),
      }),
      { params: Promise.resolve({ id: '1' }) },
    );

  it('streams a multipart PATCH to the verb and keeps what a successful verb stored', async () => {
    const res = await call(editor, {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ size: 7 });
    expect(existsSync(moved) && existsSync(derived)).toBe(true);
    rmSync(moved);
    rmSync(derived);
  });

  it('removes moved and adopted files when the request fails, and stages nothing for a refused caller', async () => {
    const res = await call(editor, { fail: '1' });
    expect(res.status).toBe(400);
    expect(existsSync(moved)).toBe(false);
    expect(existsSync(derived)).toBe(false);
    expect((await call(nobody, {})).status).toBe(403);
    expect(existsSync(moved)).toBe(false);
    expect(staging()).toEqual([]);
  });
});
