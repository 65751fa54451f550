import type { APIGatewayProxyResultV2 } from "aws-lambda";
import type { z } from "zod";
import { logger } from "../observability/logger.js";
import { DomainError, type RefusalKind } from "../errors.js";
import { HttpError, type ErrorBody } from "./errors.js";

/** The status of each kind of domain refusal. */
const STATUS_OF: Record<RefusalKind, number> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, unprocessable: 422 };

type RequestPart = "path" | "query" | "headers" | "body";

/** Validates one part of a request; a failure is a 400 that names every offending field. */
export function parseWith(schema: z.ZodType | undefined, value: unknown, part: RequestPart): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    location: part,
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  const first = details[0]!;
  const where = first.path ? `${part}.${first.path}` : part;
  const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? "s" : ""})` : "";
  throw new HttpError(400, "validation_failed", `Invalid ${where}: ${first.message}${more}`, details);
}

/** Errors thrown by middy's own middlewares carry a status and `expose`. */
interface MiddyHttpError {
  statusCode: number;
  expose?: boolean;
  message: string;
}

const isMiddyHttpError = (error: unknown): error is MiddyHttpError =>
  typeof error === "object" && error !== null && typeof (error as MiddyHttpError).statusCode === "number";

function clientError(error: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } | undefined {
  if (error instanceof HttpError) {
    const body: ErrorBody = { error: error.message, code: error.code };
    if (error.details !== undefined) body.details = error.details;
    return { status: error.statusCode, body, headers: error.headers };
  }
  if (error instanceof DomainError) {
    const body: ErrorBody = { error: error.message, code: error.code };
    if (error.details !== undefined) body.details = error.details;
    return { status: STATUS_OF[error.kind], body };
  }
  if (error instanceof Error && error.name === "EngineInputError") {
    // The scheduling engine refuses input the schemas could not judge alone (e.g. rules it cannot expand).
    return { status: 400, body: { error: error.message, code: "invalid_schedule", details: { path: (error as { path?: string }).path } } };
  }
  if (isMiddyHttpError(error) && error.statusCode >= 400 && error.statusCode < 500) {
    if (error.statusCode === 415) {
      return {
        status: 415,
        body: { error: "Send the body as JSON with 'Content-Type: application/json'", code: "unsupported_media_type" },
      };
    }
    if (error.statusCode === 422 && /json/i.test(error.message)) {
      return { status: 400, body: { error: "The body is not valid JSON", code: "invalid_json" } };
    }
    return { status: error.statusCode, body: { error: error.message, code: "bad_request" } };
  }
  return undefined;
}

/** The HTTP response for anything thrown: the JSON error shape, and a bare 500 (no stack) for bugs. */
export function errorResponse(error: unknown): APIGatewayProxyResultV2 & { statusCode: number; headers: Record<string, string> } {
  const known = clientError(error);
  if (known) {
    logger.info("request refused", { status: known.status, code: known.body.code });
  } else {
    logger.error("unhandled error", error as Error);
  }
  const status = known?.status ?? 500;
  const body: ErrorBody = known?.body ?? { error: "Internal server error", code: "internal_error" };
  return {
    statusCode: status,
    headers: { "content-type": "application/json; charset=utf-8", ...known?.headers },
    body: JSON.stringify(body),
  };
}
