/** The media module's public door: protected file downloads and the reverse proxy's auth check. */
import { authoriseMediaRequest, serveMedia } from './serve';

export { authoriseMedia } from './access';
export { maxUploadBytes, mediaRoot, mediaUrl } from './storage';
export { authoriseMediaRequest, serveMedia };

/** Route handlers for `app/media/[...path]/route.ts`. */
export const mediaRoute = { GET: serveMedia, HEAD: serveMedia };
/** Route handlers for `app/media-auth/route.ts` and `app/media-auth/[...path]/route.ts`. */
export const mediaAuthRoute = { GET: authoriseMediaRequest, HEAD: authoriseMediaRequest };
