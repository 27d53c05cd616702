import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { safeRelativePath } from '@/server/media/storage';
import { RENDITIONS, type Rendition, renditionPath } from '@/server/partdata/images';

export interface MediaTask {
  rel: string;
  model: string;
  pk: number;
  /** Part images also get their `.thumbnail`/`.preview` renditions (copied, else made). */
  image: boolean;
}

export interface MediaResult {
  copied: number;
  alreadyPresent: number;
  renditionsGenerated: number;
  missing: { model: string; pk: number; path: string; reason: string }[];
  warnings: string[];
}

const size = (p: string) =>
  stat(p).then(
    (s) => (s.isFile() ? s.size : -1),
    () => -1,
  );

/** Copies a file unless the same-sized file is already there; false when the source is absent. */
async function copyOne(src: string, dst: string): Promise<'copied' | 'present' | 'missing'> {
  const s = await size(src);
  if (s < 0) return 'missing';
  if ((await size(dst)) === s) return 'present';
  await mkdir(path.dirname(dst), { recursive: true });
  await copyFile(src, dst);
  return 'copied';
}

/**
 * Copies the media files the imported rows name from `mediaDir` into `mediaRoot` (same relative
 * paths). Part images bring their renditions; absent renditions are made with sharp as uploads are.
 * Missing files are reported, never fatal.
 */
export async function copyMedia(
  tasks: MediaTask[],
  mediaDir: string | undefined,
  mediaRoot: string,
): Promise<MediaResult> {
  const out: MediaResult = {
    copied: 0,
    alreadyPresent: 0,
    renditionsGenerated: 0,
    missing: [],
    warnings: [],
  };
  const seen = new Set<string>();
  const unique = tasks.filter((t) => !seen.has(t.rel) && seen.add(t.rel));
  const abs = (root: string, rel: string) => path.join(root, ...rel.split('/'));
  const one = async (t: MediaTask) => {
    if (!safeRelativePath(t.rel.split('/'))) {
      out.missing.push({ model: t.model, pk: t.pk, path: t.rel, reason: 'unsafe path, not copied' });
      return;
    }
    const dst = abs(mediaRoot, t.rel);
    const res = mediaDir
      ? await copyOne(abs(mediaDir, t.rel), dst)
      : (await size(dst)) >= 0
        ? 'present'
        : 'missing';
    if (res === 'missing') {
      out.missing.push({
        model: t.model,
        pk: t.pk,
        path: t.rel,
        reason: mediaDir ? 'file not found in --media' : 'no --media given and not in the media root',
      });
      return;
    }
    if (res === 'copied') out.copied++;
    else out.alreadyPresent++;
    if (!t.image) return;
    for (const [variant, px] of Object.entries(RENDITIONS) as [Rendition, number][]) {
      const rel = renditionPath(t.rel, variant);
      const r = mediaDir ? await copyOne(abs(mediaDir, rel), abs(mediaRoot, rel)) : 'missing';
      if (r === 'copied') out.copied++;
      else if (r === 'present' || (await size(abs(mediaRoot, rel))) >= 0) out.alreadyPresent++;
      else {
        try {
          await sharp(dst)
            .rotate()
            .resize(px, px, { fit: 'inside', withoutEnlargement: true })
            .toFile(abs(mediaRoot, rel));
          out.renditionsGenerated++;
        } catch (e) {
          out.warnings.push(`${t.model} pk=${t.pk}: could not make ${rel}: ${(e as Error).message}`);
        }
      }
    }
  };
  for (let i = 0; i < unique.length; i += 8) await Promise.all(unique.slice(i, i + 8).map(one));
  return out;
}
