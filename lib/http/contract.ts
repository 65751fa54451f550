import type { z } from "zod";

type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who may call a route:
 * - `public`: anyone;
 * - `admin`: the admin key;
 * - `user`: any user's key (the route acts on the caller);
 * - `self`: the key of the user named by the `userId` path parameter, or the admin key;
 * - `optional`: public, but a presented key must be valid and then names the caller.
 */
export type AuthMode = "public" | "admin" | "user" | "self" | "optional";

interface ResponseSpec {
  description: string;
  /** The JSON body (`application/json`). */
  schema?: z.ZodType;
  /**
   * The status may (also) answer an iCalendar object, `text/calendar; charset=utf-8` (RFC 5545): the OpenAPI
   * document lists that media type, and the tests' response checker parses such a body with lib/calendar.
   */
  calendar?: boolean;
  headers?: Record<string, string>;
  /**
   * The status answers text in one of these media types instead of JSON (a page, `text/html`, and its script and
   * style sheet): the OpenAPI document lists each as a string, the tests' response checker accepts it by Content-Type.
   */
  mediaTypes?: readonly string[];
}

export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  operationId: string;
  method: HttpMethod;
  /** API Gateway path syntax, `/v1/users/{userId}`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: AuthMode;
  /** Seed routes also accept the key in a `token` header, as the seed apps did. */
  tokenHeader?: boolean;
  params?: P;
  query?: Q;
  /** Request headers the route reads (names in lower case). */
  headers?: z.ZodObject;
  body?: B;
  /** The body may be absent (the route then validates `undefined`). */
  bodyOptional?: boolean;
  responses: Record<number, ResponseSpec>;
}

/** Declares a route while keeping the exact schema types for the handler. */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  contract: RouteContract<P, Q, B>,
): RouteContract<P, Q, B> {
  return contract;
}
