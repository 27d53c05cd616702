// Protected media: the file is sent only to a caller allowed to view the object it belongs to.
import { mediaRoute } from '@/server/media';

export const { GET, HEAD } = mediaRoute;
