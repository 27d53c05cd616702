// The reverse proxy's media check (path form): 204/401/403/404, no file.
import { mediaAuthRoute } from '@/server/media';

export const { GET, HEAD } = mediaAuthRoute;
