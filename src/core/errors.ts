// Errors with stable codes. HTTP layers map codes to statuses; messages for 5xx never leave the server.
export type ErrorCode =
  | 'INVALID'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  /** Allowed, but only at a higher assurance level than the caller's (params: level, acr). */
  | 'STEP_UP_REQUIRED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'LOCKED'
  | 'GONE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTERNAL';

export const statusOfCode: Record<ErrorCode, number> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  STEP_UP_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** A problem with one input field; `message` is an i18n key or literal text. */
export interface FieldError {
  field: string;
  message: string;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly fields: FieldError[] = [],
    public readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return statusOfCode[this.code];
  }
}

export const invalid = (message: string, fields: FieldError[] = []) => new AppError('INVALID', message, fields);
export const notFound = (message = 'error.not_found') => new AppError('NOT_FOUND', message);
export const forbidden = (message = 'error.forbidden') => new AppError('FORBIDDEN', message);
export const unauthenticated = (message = 'error.unauthenticated') => new AppError('UNAUTHENTICATED', message);
export const conflict = (message: string, fields: FieldError[] = []) => new AppError('CONFLICT', message, fields);

export function fieldError(field: string, message: string, params?: Record<string, string | number>): AppError {
  return new AppError('INVALID', 'error.invalid_input', [{ field, message, params }]);
}
