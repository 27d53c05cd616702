// The reverse proxy's media check (header form: X-Original-URI / X-Forwarded-Uri): 204/401/403/404.
import { mediaAuthRoute } from '@/server/media';

export const { GET, HEAD } = mediaAuthRoute;
