/**
 * What the domain refuses, and why: a kind, a machine code, a message and optional details. Domain code
 * (lib/booking, lib/users, lib/presence) throws these and knows nothing of HTTP; lib/http maps each kind
 * to its status.
 */
export type RefusalKind = "invalid" | "forbidden" | "not_found" | "conflict" | "unprocessable";

export class DomainError extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const invalid = (message: string, code = "bad_request", details?: unknown) => new DomainError("invalid", code, message, details);
export const forbidden = (message: string) => new DomainError("forbidden", "forbidden", message);
export const notFound = (message: string, code = "not_found") => new DomainError("not_found", code, message);
export const conflict = (message: string, code = "conflict", details?: unknown) => new DomainError("conflict", code, message, details);
export const unprocessable = (message: string, code = "unprocessable", details?: unknown) =>
  new DomainError("unprocessable", code, message, details);
