/**
 * A refusal made by the HTTP layer itself (authentication, validation, routing) with its status, machine
 * code and optional details. The domain's own refusals are DomainErrors (lib/errors.ts), mapped in
 * error-response.ts.
 */
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

/** The body of every error response. */
export interface ErrorBody {
  error: string;
  code: string;
  details?: unknown;
}
