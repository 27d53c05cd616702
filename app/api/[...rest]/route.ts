import { json } from '@/lib/http/respond';
import { publicUrl } from '@/lib/http/route';

/** Any unknown path under /api/ (including a known one without its trailing slash): InvenTree's JSON 404. */
async function notFound(request: Request): Promise<Response> {
  return json({ detail: 'API endpoint not found', url: publicUrl(request).toString() }, 404);
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
