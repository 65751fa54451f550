/** A client mistake (or a refusal) with its HTTP status, machine code and optional details. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new HttpError(400, "bad_request", message, details);
export const unauthorized = (message: string) =>
  new HttpError(401, "unauthorized", message, undefined, { "www-authenticate": 'Bearer realm="api"' });
export const forbidden = (message: string) => new HttpError(403, "forbidden", message);
export const notFound = (message: string, code = "not_found") => new HttpError(404, code, message);
export const conflict = (message: string, code = "conflict", details?: unknown) =>
  new HttpError(409, code, message, details);
export const unprocessable = (message: string, code = "unprocessable", details?: unknown) =>
  new HttpError(422, code, message, details);

/** The body of every error response. */
export interface ErrorBody {
  error: string;
  code: string;
  details?: unknown;
}
