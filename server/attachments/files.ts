import { randomBytes } from 'node:crypto';
import { link, mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { attachments } from '@/db/schema';
import { fieldError } from '@/lib/errors';
import type { StagedFile } from '@/lib/http/upload';
import { log } from '@/lib/logger';
import { mediaRoot } from '../media/storage';

/** `attachments/<model_type>/<model_id>`: InvenTree's upload directory for an owner's files. */
export function attachmentDir(modelType: string, modelId: number): string {
  return `attachments/${modelType}/${modelId}`;
}

const MAX_NAME_BYTES = 200;

/**
 * Django's `get_valid_filename`, as InvenTree stores names: the last path component, spaces to
 * underscores, only letters, digits, `_`, `-` and `.` kept (quotes, brackets, `#`, `&`, `?`, ...
 * dropped), no leading dots, at most 200 bytes with the extension kept.
 */
export function sanitiseFilename(name: string): string {
  let s = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, '_')
    .replace(/[^-\p{L}\p{M}\p{N}_.]/gu, '')
    .replace(/^\.+/, '');
  if (Buffer.byteLength(s) > MAX_NAME_BYTES) {
    const ext = path.extname(s).slice(0, 16);
    let stem = s.slice(0, s.length - ext.length);
    while (Buffer.byteLength(stem + ext) > MAX_NAME_BYTES) stem = stem.slice(0, -1);
    s = stem + ext;
  }
  return s || 'attachment';
}

function withSuffix(name: string): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  const suffix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 7);
  return `${stem}_${suffix}${ext}`;
}

export function absoluteMediaPath(relativePath: string): string {
  return path.join(mediaRoot(), ...relativePath.split('/'));
}

export async function removeMediaFile(relativePath: string): Promise<void> {
  try {
    await unlink(absoluteMediaPath(relativePath));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      log.warn('could not remove media file', { path: relativePath, err });
  }
}

async function pathTaken(db: Tx, relativePath: string): Promise<boolean> {
  return (await db.$count(attachments, eq(attachments.attachment, relativePath))) > 0;
}

/**
 * Moves a staged upload to `attachments/<type>/<id>/<sanitised name>`, adding Django's random
 * suffix when the name is taken on disk or in the table; never overwrites. Returns the relative path.
 */
export async function placeAttachmentFile(
  db: Tx,
  file: StagedFile,
  modelType: string,
  modelId: number,
): Promise<string> {
  const dir = attachmentDir(modelType, modelId);
  await mkdir(absoluteMediaPath(dir), { recursive: true });
  let name = sanitiseFilename(file.filename);
  for (let attempt = 0; attempt < 20; attempt++, name = withSuffix(sanitiseFilename(file.filename))) {
    const rel = `${dir}/${name}`;
    if (await pathTaken(db, rel)) continue;
    try {
      await file.moveTo(absoluteMediaPath(rel));
      return rel;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`no free file name for ${file.filename} in ${dir}`);
}

const ILLEGAL = [
  "'",
  '"',
  '#',
  '@',
  '!',
  '&',
  '^',
  '<',
  '>',
  ':',
  ';',
  '/',
  '\\',
  '|',
  '?',
  '*',
  '%',
  '~',
  '`',
];

/**
 * InvenTree's rename rules for PATCH `filename`: no illegal characters, an extension, not taken.
 * Links the file under the new name (atomic, never overwriting) and returns both paths; the caller
 * updates the row, then removes the old name (or the new one if the update failed).
 */
export async function linkRenamed(
  db: Tx,
  currentPath: string,
  newName: string,
): Promise<{ from: string; to: string } | null> {
  const fn = newName.trim();
  if (!fn) throw fieldError('filename', 'Filename must not be empty');
  const dir = path.posix.dirname(currentPath);
  if (fn === '.' || fn === '..') throw fieldError('filename', 'Invalid attachment directory');
  const to = `${dir}/${fn}`;
  if (to === currentPath) return null;
  for (const c of ILLEGAL) {
    if (fn.includes(c)) throw fieldError('filename', `Filename contains illegal character '${c}'`);
  }
  if (fn.split('.').length < 2) throw fieldError('filename', 'Filename missing extension');
  if (await pathTaken(db, to)) throw fieldError('filename', 'Attachment with this filename already exists');
  try {
    await link(absoluteMediaPath(currentPath), absoluteMediaPath(to));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw fieldError('filename', 'Attachment with this filename already exists');
    // InvenTree leaves the name alone when the stored file is missing.
    if (code === 'ENOENT') {
      log.warn('renaming an attachment whose file is missing', { path: currentPath });
      return null;
    }
    throw fieldError('filename', 'Error renaming file');
  }
  return { from: currentPath, to };
}
