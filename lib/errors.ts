/**
 * The one error type of the application. Verbs throw it; `lib/http/route.ts` maps it to
 * InvenTree's status codes and bodies in one place.
 */
export type ErrorCode =
  | 'validation'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'conflict'
  | 'throttled';

export const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  conflict: 409,
  throttled: 429,
};

/** DRF-shaped field errors: `{"field": ["message"]}`, nested for list inputs. */
export type FieldErrors = { [field: string]: string[] | string | FieldErrors | FieldErrors[] };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly body?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const validation = (fields: FieldErrors) => new AppError('validation', 'Validation failed', fields);
export const fieldError = (field: string, message: string) => validation({ [field]: [message] });
export const nonFieldError = (message: string) => validation({ non_field_errors: [message] });
export const notFound = (model = 'object') =>
  new AppError('not_found', `No ${model} matches the given query.`);
export const forbidden = (message = 'You do not have permission to perform this action.') =>
  new AppError('forbidden', message);
export const unauthorized = (message = 'Authentication credentials were not provided.') =>
  new AppError('unauthorized', message, undefined, { 'WWW-Authenticate': 'Token' });
export const throttled = (seconds: number) =>
  new AppError('throttled', `Request was throttled. Expected available in ${seconds} seconds.`, undefined, {
    'Retry-After': String(seconds),
  });
