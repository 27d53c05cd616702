import { db } from '@/db/client';
import { AppError, forbidden, unauthorized } from '@/lib/errors';
import { allowed } from '@/lib/http/access';
import { attachmentOwnerOfFile, canOnOwner } from '../attachments';
import { authenticate } from '../auth/authenticate';
import type { Ctx, Principal } from '../context';
import { isUsedPartImage } from '../partdata/images';
import { notesImageViewer } from '../partdata/notes-images';
import { resolveInsideMedia } from './storage';

/**
 * Who may read a stored file is decided by the row that owns it. Each resolver recognises its
 * files (attachments, part images with their renditions, notes images) and says whether `actor`
 * may view them; a file that no resolver claims is a 404 for everyone, superusers included.
 */
type Resolver = (ctx: Ctx, relativePath: string) => Promise<((actor: Principal) => boolean) | null>;

const RESOLVERS: Resolver[] = [
  async (ctx, rel) => {
    const owner = await attachmentOwnerOfFile(ctx, rel);
    return owner && ((actor) => canOnOwner(actor, owner.modelType, owner.modelId, 'view'));
  },
  // A part image (or its thumbnail/preview) that some part uses: part.view.
  async (ctx, rel) =>
    (await isUsedPartImage(ctx, rel)) ? (actor) => allowed(actor, 'part.view', 'GET') : null,
  notesImageViewer,
];

export const mediaNotFound = () => new AppError('not_found', 'Not found.');

/**
 * The media check shared by `/media/` (which then streams the file) and `/media-auth/` (the
 * proxy's `auth_request`/`forward_auth`): a syntactically safe path (else 404), an authenticated
 * caller (401), a row owning the file (404), the owner's view right (403), and a real file inside
 * the real MEDIA_ROOT (404: symbolic links leading out are refused). Returns the file's real path.
 */
export async function authoriseMedia(headers: Headers, relativePath: string | null): Promise<string> {
  if (!relativePath) throw mediaNotFound();
  const actor = await authenticate(db, headers);
  if (!actor) throw unauthorized();
  const ctx: Ctx = { actor, db };
  let check: ((actor: Principal) => boolean) | null = null;
  for (const resolve of RESOLVERS) {
    check = await resolve(ctx, relativePath);
    if (check) break;
  }
  if (!check) throw mediaNotFound();
  if (!check(actor)) throw forbidden();
  const real = await resolveInsideMedia(relativePath);
  if (!real) throw mediaNotFound();
  return real;
}
