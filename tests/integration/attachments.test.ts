import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { api } from '../api';
import { makeUser, type TestUser, tokenFor } from '../factories';

// A throw-away MEDIA_ROOT and a 1 MB upload limit, set before env.ts is first imported.
const { mediaRoot } = await vi.hoisted(async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const p = await import('node:path');
  const dir = fs.mkdtempSync(p.join(os.tmpdir(), 'inventree-attach-'));
  process.env.MEDIA_ROOT = p.join(dir, 'media');
  process.env.MAX_UPLOAD_MB = '1';
  return { mediaRoot: p.join(dir, 'media') };
});

function form(
  fields: Record<string, string>,
  file?: { name: string; data: Uint8Array<ArrayBuffer> | string },
) {
  const fd = new FormData();
  if (file) fd.append('attachment', new Blob([file.data]), file.name);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

const userDir = (id: number) => path.join(mediaRoot, 'attachments', 'user', String(id));
const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
const staging = () => filesIn(path.join(mediaRoot, '.uploads'));

describe('attachments API (/api/attachment/)', () => {
  let owner: TestUser;
  let ownerToken: string;
  let other: TestUser;
  let otherToken: string;
  let viewerToken: string;
  let editorToken: string;
  let superToken: string;

  beforeAll(async () => {
    owner = await makeUser();
    ownerToken = await tokenFor(owner);
    other = await makeUser();
    otherToken = await tokenFor(other);
    viewerToken = await tokenFor(await makeUser({ roles: { admin: ['view'] } }));
    editorToken = await tokenFor(await makeUser({ roles: { admin: ['view', 'change'] } }));
    superToken = await tokenFor(await makeUser({ superuser: true }));
  });

  afterAll(() => {
    rmSync(path.dirname(mediaRoot), { recursive: true, force: true });
  });

  const upload = (token: string, fields: Record<string, string>, file?: { name: string; data: string }) =>
    api('POST', '/api/attachment/', { token, form: form(fields, file) });

  it('streams a multipart upload to attachments/<type>/<id>/<sanitised name> and answers InvenTree’s shape', async () => {
    const r = await upload(
      ownerToken,
      { model_type: 'user', model_id: String(owner.id), comment: 'Rev B', tags: '["smd", "0603"]' },
      { name: 'my data sheet (rev B)#1.txt', data: 'hello attachment' },
    );
    expect(r.status).toBe(201);
    expect(Object.keys(r.body)).toEqual([
      'pk',
      'attachment',
      'thumbnail',
      'filename',
      'link',
      'comment',
      'is_image',
      'upload_date',
      'upload_user',
      'user_detail',
      'file_size',
      'model_type',
      'model_id',
      'tags',
    ]);
    expect(r.body).toMatchObject({
      attachment: `/media/attachments/user/${owner.id}/my_data_sheet_rev_B1.txt`,
      thumbnail: null,
      filename: 'my_data_sheet_rev_B1.txt',
      link: null,
      comment: 'Rev B',
      is_image: false,
      upload_user: owner.id,
      user_detail: { pk: owner.id, username: owner.username },
      file_size: 16,
      model_type: 'user',
      model_id: owner.id,
      tags: ['smd', '0603'],
    });
    expect(r.body.upload_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(readFileSync(path.join(userDir(owner.id), 'my_data_sheet_rev_B1.txt'), 'utf8')).toBe(
      'hello attachment',
    );
    expect(staging()).toEqual([]);

    // The same name again gets Django's random suffix; the first file is untouched.
    const again = await upload(
      ownerToken,
      { model_type: 'user', model_id: String(owner.id) },
      { name: 'my data sheet (rev B)#1.txt', data: 'second' },
    );
    expect(again.status).toBe(201);
    expect(again.body.filename).toMatch(/^my_data_sheet_rev_B1_[A-Za-z0-9]{7}\.txt$/);
    expect(readFileSync(path.join(userDir(owner.id), again.body.filename), 'utf8')).toBe('second');
    expect(readFileSync(path.join(userDir(owner.id), 'my_data_sheet_rev_B1.txt'), 'utf8')).toBe(
      'hello attachment',
    );
  });

  it('marks images, keeps only the name of a path, and strips leading dots', async () => {
    const png = await upload(
      ownerToken,
      { model_type: 'user', model_id: String(owner.id) },
      { name: 'C:\\Users\\x\\photo.PNG', data: '\x89PNG fake' },
    );
    expect(png.status).toBe(201);
    expect(png.body).toMatchObject({ filename: 'photo.PNG', is_image: true });
    const hidden = await upload(
      ownerToken,
      { model_type: 'user', model_id: String(owner.id) },
      { name: '../../.htaccess', data: 'x' },
    );
    expect(hidden.status).toBe(201);
    expect(hidden.body.filename).toBe('htaccess');
    expect(hidden.body.attachment).toBe(`/media/attachments/user/${owner.id}/htaccess`);
  });

  it('needs the owner’s change right: the user themself or admin.change, else 403 and no file', async () => {
    const before = filesIn(userDir(owner.id));
    for (const token of [otherToken, viewerToken]) {
      const r = await upload(
        token,
        { model_type: 'user', model_id: String(owner.id) },
        { name: 'intruder.txt', data: 'nope' },
      );
      expect(r.status).toBe(403);
      expect(r.body).toEqual({
        detail: 'User does not have permission to create or edit attachments for this model',
      });
    }
    expect(filesIn(userDir(owner.id))).toEqual(before);
    expect(staging()).toEqual([]);
    const byEditor = await upload(
      editorToken,
      { model_type: 'user', model_id: String(owner.id) },
      { name: 'by-admin.txt', data: 'ok' },
    );
    expect(byEditor.status).toBe(201);
    const bySuper = await api('POST', '/api/attachment/', {
      token: superToken,
      body: { model_type: 'user', model_id: owner.id, link: 'https://example.com/x' },
    });
    expect(bySuper.status).toBe(201);
  });

  it('answers 401 to anonymous and bad credentials before reading the upload', async () => {
    const anon = await api('POST', '/api/attachment/', {
      form: form({ model_type: 'user', model_id: String(owner.id) }, { name: 'a.txt', data: 'x' }),
    });
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toBe('Token');
    const bad = await upload('inv-0000', { model_type: 'user', model_id: '1' }, { name: 'a.txt', data: 'x' });
    expect(bad.status).toBe(401);
    expect(staging()).toEqual([]);
  });

  it('refuses a cross-origin cookie-session upload before staging it (CSRF), accepts a same-origin one', async () => {
    const { encode } = await import('next-auth/jwt');
    const { SESSION_COOKIE } = await import('@/server/auth/authenticate');
    const { createSession } = await import('@/server/auth/sessions');
    const sid = await createSession(db, owner.id, { userAgent: 'vitest' });
    const cookie = `${SESSION_COOKIE}=${await encode({ token: { sid }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE })}`;
    const fields = { model_type: 'user', model_id: String(owner.id) };
    const evil = await api('POST', '/api/attachment/', {
      headers: { cookie, origin: 'https://evil.example' },
      form: form(fields, { name: 'csrf.txt', data: 'x' }),
    });
    expect(evil.status).toBe(403);
    expect(evil.body.detail).toMatch(/^CSRF Failed/);
    expect(filesIn(userDir(owner.id))).not.toContain('csrf.txt');
    expect(staging()).toEqual([]);
    const same = await api('POST', '/api/attachment/', {
      headers: { cookie, origin: 'http://localhost:3000' },
      form: form(fields, { name: 'csrf.txt', data: 'x' }),
    });
    expect(same.status).toBe(201);
  });

  it('refuses a file over MAX_UPLOAD_MB with {"attachment": [...]} and leaves nothing behind', async () => {
    const before = filesIn(userDir(owner.id));
    const big = 'x'.repeat(1024 * 1024 + 1);
    const r = await upload(
      ownerToken,
      { model_type: 'user', model_id: String(owner.id) },
      { name: 'big.bin', data: big },
    );
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ attachment: ['File size exceeds the maximum upload size of 1 MB'] });
    expect(filesIn(userDir(owner.id))).toEqual(before);
    expect(staging()).toEqual([]);
    // Exactly the limit is fine.
    const ok = await upload(
      ownerToken,
      { model_type: 'user', model_id: String(owner.id) },
      { name: 'limit.bin', data: 'x'.repeat(1024 * 1024) },
    );
    expect(ok.status).toBe(201);
    expect(ok.body.file_size).toBe(1024 * 1024);
  });

  it('refuses an empty file, a missing file and link, a bad link, an unknown model and a missing object', async () => {
    const empty = await upload(
      ownerToken,
      { model_type: 'user', model_id: String(owner.id) },
      { name: 'e.txt', data: '' },
    );
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ attachment: ['The submitted file is empty.'] });
    const neither = await api('POST', '/api/attachment/', {
      token: ownerToken,
      body: { model_type: 'user', model_id: owner.id, comment: 'x' },
    });
    expect(neither.status).toBe(400);
    expect(neither.body).toEqual({ attachment: ['Missing file'], link: ['Missing external link'] });
    const badLink = await api('POST', '/api/attachment/', {
      token: ownerToken,
      body: { model_type: 'user', model_id: owner.id, link: 'javascript:alert(1)' },
    });
    expect(badLink.status).toBe(400);
    expect(badLink.body.link).toEqual(['Enter a valid URL.']);
    const badType = await upload(
      ownerToken,
      { model_type: 'nonsense', model_id: '1' },
      { name: 'a.txt', data: 'x' },
    );
    expect(badType.status).toBe(400);
    expect(badType.body.model_type).toEqual(['"nonsense" is not a valid choice.']);
    const noObject = await api('POST', '/api/attachment/', {
      token: superToken,
      body: { model_type: 'user', model_id: 99999999, link: 'https://example.com' },
    });
    expect(noObject.status).toBe(400);
    expect(noObject.body).toEqual({ model_id: ['Invalid pk "99999999" - object does not exist.'] });
    expect(staging()).toEqual([]);
  });

  it('refuses a JSON body that pretends to be a staged upload', async () => {
    const r = await api('POST', '/api/attachment/', {
      token: ownerToken,
      body: { model_type: 'user', model_id: owner.id, attachment: { __staged_upload: 'abc' } },
    });
    expect(r.status).toBe(400);
    expect(r.body.attachment).toEqual([
      'The submitted data was not a file. Check the encoding type on the form.',
    ]);
  });

  it('rolls back: when the insert fails, the file already moved into place is removed', async () => {
    await db.execute(sql`
      create or replace function attachments_fail_insert() returns trigger language plpgsql as $$
      begin
        if new.comment = 'fail-insert' then raise exception 'insert refused by test trigger'; end if;
        return new;
      end $$`);
    await db.execute(sql`
      create trigger attachments_fail_insert before insert on attachments
      for each row execute function attachments_fail_insert()`);
    try {
      const before = filesIn(userDir(owner.id));
      const r = await upload(
        ownerToken,
        { model_type: 'user', model_id: String(owner.id), comment: 'fail-insert' },
        { name: 'doomed.txt', data: 'doomed' },
      );
      expect(r.status).toBe(500);
      expect(filesIn(userDir(owner.id))).toEqual(before);
      expect(staging()).toEqual([]);
    } finally {
      await db.execute(sql`drop trigger attachments_fail_insert on attachments`);
      await db.execute(sql`drop function attachments_fail_insert()`);
    }
  });

  it('rolls back: when the commit itself fails (after the verb succeeded), the file is removed too', async () => {
    // A deferred constraint trigger fails at COMMIT, after the insert and the file move went through.
    await db.execute(sql`
      create or replace function attachments_fail_commit() returns trigger language plpgsql as $$
      begin
        if new.comment = 'fail-commit' then raise exception 'commit refused by test trigger'; end if;
        return null;
      end $$`);
    await db.execute(sql`
      create constraint trigger attachments_fail_commit after insert on attachments
      deferrable initially deferred for each row execute function attachments_fail_commit()`);
    try {
      const before = filesIn(userDir(owner.id));
      const r = await upload(
        ownerToken,
        { model_type: 'user', model_id: String(owner.id), comment: 'fail-commit' },
        { name: 'late.txt', data: 'late' },
      );
      expect(r.status).toBe(500);
      expect(filesIn(userDir(owner.id))).toEqual(before);
      expect(staging()).toEqual([]);
    } finally {
      await db.execute(sql`drop trigger attachments_fail_commit on attachments`);
      await db.execute(sql`drop function attachments_fail_commit()`);
    }
  });

  it('lists and gets only what the caller may view; filters, search, ordering and pages', async () => {
    const own = await api('GET', `/api/attachment/?model_type=user&model_id=${owner.id}`, {
      token: ownerToken,
    });
    expect(own.status).toBe(200);
    expect(own.body.length).toBeGreaterThanOrEqual(5);
    expect(own.body.every((a: { model_id: number }) => a.model_id === owner.id)).toBe(true);
    const otherSees = await api('GET', `/api/attachment/?model_id=${owner.id}`, { token: otherToken });
    expect(otherSees.body).toEqual([]);
    const hidden = await api('GET', `/api/attachment/${own.body[0].pk}/`, { token: otherToken });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ detail: 'No Attachment matches the given query.' });
    const viewer = await api('GET', `/api/attachment/?model_id=${owner.id}`, { token: viewerToken });
    expect(viewer.body.length).toBe(own.body.length);
    expect((await api('GET', `/api/attachment/${own.body[0].pk}/`, { token: viewerToken })).status).toBe(200);
    expect((await api('GET', '/api/attachment/')).status).toBe(401);

    const q = (s: string) => api('GET', `/api/attachment/?model_id=${owner.id}&${s}`, { token: ownerToken });
    expect((await q('is_image=true')).body.map((a: { filename: string }) => a.filename)).toEqual([
      'photo.PNG',
    ]);
    expect((await q('is_link=true')).body.every((a: { link: string }) => a.link)).toBe(true);
    expect((await q('is_file=false')).body.every((a: { attachment: null }) => a.attachment === null)).toBe(
      true,
    );
    expect((await q('tag_name=SMD')).body).toHaveLength(1);
    expect((await q('search=rev')).body.map((a: { comment: string }) => a.comment)).toEqual(['Rev B']);
    expect((await q('has_thumbnail=true')).body).toEqual([]);
    const sizes = (await q('ordering=-file_size')).body.map((a: { file_size: number }) => a.file_size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const page = (await q('limit=2')).body;
    expect(page.count).toBe(own.body.length);
    expect(page.results).toHaveLength(2);
  });

  it('edits comment, tags and link, renames the stored file, and checks InvenTree’s rename rules', async () => {
    const created = await upload(
      ownerToken,
      { model_type: 'user', model_id: String(owner.id) },
      { name: 'before.txt', data: 'rename me' },
    );
    const url = `/api/attachment/${created.body.pk}/`;
    const patched = await api('PATCH', url, {
      token: ownerToken,
      body: { comment: 'edited', tags: ['a'], filename: 'after.txt' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      comment: 'edited',
      tags: ['a'],
      filename: 'after.txt',
      attachment: `/media/attachments/user/${owner.id}/after.txt`,
    });
    expect(readFileSync(path.join(userDir(owner.id), 'after.txt'), 'utf8')).toBe('rename me');
    expect(existsSync(path.join(userDir(owner.id), 'before.txt'))).toBe(false);

    const bad = async (filename: string) =>
      (await api('PATCH', url, { token: ownerToken, body: { filename } })).body.filename;
    expect(await bad('a#b.txt')).toEqual(["Filename contains illegal character '#'"]);
    expect(await bad('../../escape.txt')).toEqual(["Filename contains illegal character '/'"]);
    expect(await bad('noextension')).toEqual(['Filename missing extension']);
    expect(await bad('..')).toEqual(['Invalid attachment directory']);
    expect(await bad('limit.bin')).toEqual(['Attachment with this filename already exists']);
    expect(await bad('')).toEqual(['This field may not be blank.']);
    expect(existsSync(path.join(userDir(owner.id), 'after.txt'))).toBe(true);

    const viewerEdit = await api('PATCH', url, { token: viewerToken, body: { comment: 'x' } });
    expect(viewerEdit.status).toBe(403);
    expect((await api('PATCH', url, { token: otherToken, body: { comment: 'x' } })).status).toBe(404);
    const moveAway = await api('PATCH', url, { token: ownerToken, body: { model_id: other.id } });
    expect(moveAway.status).toBe(403);
  });

  it('deletes one attachment and its file; others get 403 or 404', async () => {
    const created = await upload(
      ownerToken,
      { model_type: 'user', model_id: String(owner.id) },
      { name: 'gone.txt', data: 'bye' },
    );
    const url = `/api/attachment/${created.body.pk}/`;
    const file = path.join(userDir(owner.id), 'gone.txt');
    expect(existsSync(file)).toBe(true);
    expect((await api('DELETE', url, { token: otherToken })).status).toBe(404);
    const viewer = await api('DELETE', url, { token: viewerToken });
    expect(viewer.status).toBe(403);
    expect(viewer.body).toEqual({ detail: 'User does not have permission to delete this attachment' });
    expect((await api('DELETE', url, { token: ownerToken })).status).toBe(204);
    expect(existsSync(file)).toBe(false);
    expect((await api('GET', url, { token: ownerToken })).status).toBe(404);
  });

  it('bulk-deletes with {"items": [...]} as InvenTree, all or nothing', async () => {
    const a = await upload(
      ownerToken,
      { model_type: 'user', model_id: String(owner.id) },
      { name: 'b1.txt', data: '1' },
    );
    const b = await upload(
      ownerToken,
      { model_type: 'user', model_id: String(owner.id) },
      { name: 'b2.txt', data: '2' },
    );
    const err = async (body: unknown, query = '') =>
      (await api('DELETE', `/api/attachment/${query}`, { token: ownerToken, body })).body;
    expect(await err({})).toEqual({
      non_field_errors: 'List of items or filters must be provided for bulk operation',
    });
    expect(await err({ items: 5 })).toEqual({ non_field_errors: 'Items must be provided as a list' });
    expect(await err({ items: ['x'] })).toEqual({ non_field_errors: 'Invalid items list provided' });
    expect(await err({ filters: [] })).toEqual({ non_field_errors: 'Filters must be provided as a dict' });
    expect(await err({ filters: { upload_user__in: [1] } })).toEqual({
      non_field_errors: 'Invalid filters provided',
    });
    expect(await err({ items: [99999999] })).toEqual({
      non_field_errors: 'No items match the provided criteria',
    });
    expect(await err({ items: [a.body.pk] }, '?all=false')).toEqual({
      non_field_errors: 'All filter must only be used with true',
    });

    // Someone who may see but not delete one of them: nothing is deleted.
    const denied = await api('DELETE', '/api/attachment/', {
      token: viewerToken,
      body: { items: [a.body.pk, b.body.pk] },
    });
    expect(denied.status).toBe(400);
    expect(denied.body).toEqual(['User does not have permission to delete these attachments']);
    // Someone who cannot see them selects nothing.
    const blind = await api('DELETE', '/api/attachment/', {
      token: otherToken,
      body: { items: [a.body.pk] },
    });
    expect(blind.body).toEqual({ non_field_errors: 'No items match the provided criteria' });
    expect(existsSync(path.join(userDir(owner.id), 'b1.txt'))).toBe(true);

    const ok = await api('DELETE', '/api/attachment/', {
      token: ownerToken,
      body: { items: [a.body.pk, b.body.pk] },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ success: 'Deleted 2 items' });
    expect(existsSync(path.join(userDir(owner.id), 'b1.txt'))).toBe(false);
    expect(existsSync(path.join(userDir(owner.id), 'b2.txt'))).toBe(false);
  });

  it('describes the upload field in OPTIONS', async () => {
    const r = await api('OPTIONS', '/api/attachment/', { token: ownerToken });
    expect(r.status).toBe(200);
    expect(r.body.actions.POST.attachment).toMatchObject({ type: 'file upload', required: false });
    expect(r.body.actions.POST.model_type).toMatchObject({ type: 'choice', required: true });
  });
});
