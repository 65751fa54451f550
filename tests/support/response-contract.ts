// Every 2xx answer a test sees is checked against its route's contract (lib/api/*, the same zod schemas
// that generate /openapi.json): the shared helpers (lambda.ts `invoke`, service-process.ts `call`) run
// `assertResponseMatchesContract` on each answer, so no test can pass on a body the document misdescribes.
import { methodsForPath } from "../../lib/api/route-match.js";
import { routes } from "../../lib/api/routes.js";
import { parseIcs } from "../../lib/calendar/ics-parse.js";
import type { RouteContract } from "../../lib/http/contract.js";

export interface CheckedRequest {
  method: string;
  /** A concrete path; a query string is ignored. */
  path: string;
}

export interface CheckedResponse {
  status: number;
  /** Header names in any case. */
  headers: Record<string, string>;
  /** The body as sent ("" when none). */
  raw: string;
}

export class ResponseContractError extends Error {
  override name = "ResponseContractError";
}

/**
 * The route answering `method path`, as API Gateway picks it: a route whose path is all literal
 * outranks one with parameters (`/overlap` before `/overlap/{userId2}`).
 */
export function routeFor(method: string, path: string): RouteContract | undefined {
  const bare = path.split("?")[0] ?? path;
  const upper = method.toUpperCase();
  const candidates = routes.filter((route) => route.method === upper && methodsForPath([route], bare).length > 0);
  const parameterCount = (route: RouteContract) => (route.path.match(/\{/g) ?? []).length;
  return candidates.sort((a, b) => parameterCount(a) - parameterCount(b))[0];
}

const headerValue = (headers: Record<string, string>, name: string) =>
  Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];

const pathText = (path: ReadonlyArray<PropertyKey>) =>
  path.length ? path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("").replace(/^\./, "") : "(body)";

/**
 * Keys of the sent body that the schema's output dropped: `z.object` strips unknown keys when parsing,
 * while the OpenAPI document (generated with `io: "output"`) gives such an object
 * `additionalProperties: false`. A key that survives parsing is declared (or the object is a
 * `z.looseObject`, `additionalProperties: {}`); `z.strictObject` already fails the parse itself.
 */
function undeclaredKeys(sent: unknown, parsed: unknown, path: PropertyKey[] = []): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    return sent.flatMap((item, index) => undeclaredKeys(item, parsed[index], [...path, index]));
  }
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isRecord(sent) || !isRecord(parsed)) return [];
  return Object.keys(sent).flatMap((key) =>
    key in parsed ? undeclaredKeys(sent[key], parsed[key], [...path, key]) : [pathText([...path, key])],
  );
}

/** What is wrong with a 2xx answer under its route's contract; undefined when it conforms (or is no 2xx). */
export function responseContractViolation(request: CheckedRequest, response: CheckedResponse): string | undefined {
  if (response.status < 200 || response.status > 299) return undefined;
  const method = request.method.toUpperCase();
  const path = request.path.split("?")[0] ?? request.path;
  // A CORS preflight is answered by the middleware stack for every path; no route declares it.
  if (method === "OPTIONS" && response.raw === "") return undefined;
  const route = routeFor(method, path);
  if (!route) return `${method} ${path} answered ${response.status}, but no route of lib/api/routes.ts matches ${method} ${path}`;
  const where = `${method} ${route.path} (${route.operationId}) answered ${response.status}`;
  const spec = route.responses[response.status];
  if (!spec) {
    const declared = Object.keys(route.responses).join(", ");
    return `${where}, a status its contract does not declare (declared: ${declared})`;
  }
  if (spec.mediaTypes) return textViolation(where, spec.mediaTypes, headerValue(response.headers, "content-type"), response.raw);
  if (!spec.schema && !spec.calendar) {
    return response.raw === "" ? undefined : `${where} with a body, but the contract declares none for ${response.status}`;
  }
  if (response.raw === "") return `${where} without a body, but the contract declares one`;
  const contentType = headerValue(response.headers, "content-type") ?? "(none)";
  if (spec.calendar && /^text\/calendar\b/i.test(contentType)) return calendarViolation(where, contentType, response.raw);
  if (!spec.schema) return `${where} with Content-Type ${contentType}, but its contract declares only text/calendar`;
  if (!/^application\/json\b/i.test(contentType)) return `${where} with Content-Type ${contentType}, not JSON`;
  let body: unknown;
  try {
    body = JSON.parse(response.raw);
  } catch {
    return `${where} with a body that is not JSON: ${response.raw.slice(0, 200)}`;
  }
  const failed = body as { errorType?: unknown; errorMessage?: unknown } | null;
  if (typeof failed?.errorType === "string" && typeof failed.errorMessage === "string") {
    // serverless offline answers a Lambda that threw or timed out with a 200 and this body.
    return `${where}, but the function failed (serverless offline reports a Lambda error as 200): ${failed.errorType}: ${failed.errorMessage}`;
  }
  const result = spec.schema.safeParse(body);
  const problems = result.success
    ? undeclaredKeys(body, result.data).map((at) => `${at}: not declared by the schema (additionalProperties: false)`)
    : result.error.issues.map((issue) => `${pathText(issue.path)}: ${issue.message} (${issue.code})`);
  if (problems.length === 0) return undefined;
  const shown = response.raw.length > 1_000 ? `${response.raw.slice(0, 1_000)}…` : response.raw;
  return `${where} with a body that does not match its response schema:\n${problems.map((line) => `  - ${line}`).join("\n")}\nbody: ${shown}`;
}

/**
 * A `text/calendar` answer: UTF-8, CRLF line ends, and an iCalendar object that the project's own reader
 * (lib/calendar) parses into one VCALENDAR holding at least one VEVENT and no VTIMEZONE (times are UTC).
 */
function calendarViolation(where: string, contentType: string, raw: string): string | undefined {
  if (!/;\s*charset=utf-8\b/i.test(contentType)) return `${where} with Content-Type ${contentType}, not text/calendar; charset=utf-8`;
  if (/(?<!\r)\n/.test(raw)) return `${where} with an iCalendar body whose lines do not all end in CRLF`;
  let calendars: ReturnType<typeof parseIcs>;
  try {
    calendars = parseIcs(raw);
  } catch (error) {
    return `${where} with a text/calendar body that lib/calendar cannot parse: ${(error as Error).message}`;
  }
  if (calendars.length !== 1 || calendars[0]!.type !== "VCALENDAR") return `${where} with ${calendars.length} top-level components, not one VCALENDAR`;
  const children = calendars[0]!.components.map((component) => component.type);
  if (children.includes("VTIMEZONE")) return `${where} with a VTIMEZONE (times must be UTC)`;
  return undefined;
}

/** A text answer (a page, a script, a style sheet): one of the declared media types, and a body. */
function textViolation(where: string, mediaTypes: readonly string[], contentType: string | undefined, raw: string): string | undefined {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!mediaTypes.includes(type)) return `${where} with Content-Type ${contentType ?? "(none)"}, not one of ${mediaTypes.join(", ")}`;
  return raw === "" ? `${where} without a body, but the contract declares ${type}` : undefined;
}

/** Throws a ResponseContractError naming the route, the status and each zod issue when a 2xx answer breaks its contract. */
export function assertResponseMatchesContract(request: CheckedRequest, response: CheckedResponse): void {
  const violation = responseContractViolation(request, response);
  if (violation) throw new ResponseContractError(violation);
}
