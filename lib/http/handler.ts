import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import middy, { type MiddlewareObj } from "@middy/core";
import httpCors from "@middy/http-cors";
import httpEventNormalizer from "@middy/http-event-normalizer";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import httpJsonBodyParser from "@middy/http-json-body-parser";
import httpSecurityHeaders from "@middy/http-security-headers";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { gzipSync } from "node:zlib";
import type { z } from "zod";
import { settings } from "../config/env.js";
import { logger } from "../observability/logger.js";
import { metrics } from "../observability/metrics.js";
import { tracer } from "../observability/tracer.js";
import { authenticate, assertActsFor, presentedKey, type Caller } from "./auth.js";
import type { RouteContract } from "./contract.js";
import { findUser } from "../data/users-repo.js";
import { forbidden, notFound, unauthorized } from "./errors.js";
import { errorResponse, parseWith } from "./error-response.js";

interface RouteRequest<P, Q, B> {
  params: P;
  /** The validated headers the route declares (`contract.headers`). */
  declaredHeaders: Record<string, unknown>;
  query: Q;
  body: B;
  /** Who called; undefined on public routes called without a key. */
  caller: Caller | undefined;
  /** The request's clock reading, taken once at the edge and passed down. */
  now: number;
  /** When the answer is due: the function's timeout less a margin to send it (retries stop before). */
  deadline: number;
  headers: Record<string, string | undefined>;
  event: APIGatewayProxyEventV2;
}

interface RouteResult {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is instead, with its media type (an iCalendar object: `text/calendar; charset=utf-8`). */
  text?: { contentType: string; content: string };
  headers?: Record<string, string>;
}

type Input<S> = S extends z.ZodType ? z.output<S> : undefined;

type HttpEvent = APIGatewayProxyEventV2;
export type HttpHandler = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyResultV2>;

/**
 * JSON bodies: parsed only on routes that take one. A body without a Content-Type is read as JSON
 * (API Gateway's own default); another media type is a 415, malformed JSON a 400 (error handler).
 */
function jsonBody(contract: RouteContract): MiddlewareObj<HttpEvent> {
  const parser = httpJsonBodyParser();
  return {
    before: (request) => {
      const event = request.event as HttpEvent & { body?: unknown };
      if (!contract.body || event.body === undefined || event.body === null || event.body === "") {
        event.body = undefined;
        return;
      }
      event.headers["content-type"] ??= "application/json";
      return parser.before?.(request as never);
    },
  };
}

/** Logs one line per request: method, path, status and time taken. */
function requestLog(): MiddlewareObj<HttpEvent, APIGatewayProxyResultV2> {
  let started = 0;
  const log = (request: { event: HttpEvent; response: unknown }) => {
    const response = request.response as { statusCode?: number } | undefined;
    logger.info("request", {
      method: request.event.requestContext?.http?.method,
      path: request.event.rawPath,
      status: response?.statusCode,
      ms: Date.now() - started,
    });
  };
  return {
    before: (request) => {
      started = Date.now();
      // The gateway's request id ties every log line of one request together.
      logger.appendKeys({ requestId: request.event.requestContext?.requestId });
    },
    after: log,
    onError: (request) => {
      // Runs after the error handler (onError runs in reverse order), so the status is known.
      if (request.response) log(request);
    },
  };
}

/** Turns anything thrown into the JSON error shape; unknown errors become a bare 500. */
function errorHandler(): MiddlewareObj<HttpEvent, APIGatewayProxyResultV2> {
  return {
    onError: (request) => {
      request.response = errorResponse(request.error);
    },
  };
}

/** What a route may change in the shared stack (the booking pages: their own Content-Security-Policy, gzip). */
export interface StackOptions {
  /** Overrides of @middy/http-security-headers' defaults, by option (`contentSecurityPolicy`: by directive). */
  securityHeaders?: Record<string, unknown>;
  /** Gzip text answers (HTML, JavaScript, CSS) of 1 KB or more when the client accepts it: the HTTP API never compresses. */
  compressText?: boolean;
}

const COMPRESSIBLE = /^(text\/|application\/(javascript|json))/i;

/** Gzips a string body in place, as a base64 body the gateway decodes (`isBase64Encoded`). */
function gzipText(): MiddlewareObj<HttpEvent, APIGatewayProxyResultV2> {
  return {
    after: (request) => {
      const response = request.response as Exclude<APIGatewayProxyResultV2, string> | undefined;
      const headers = (response?.headers ?? {}) as Record<string, string>;
      const accepts = /\bgzip\b/i.test(request.event.headers?.["accept-encoding"] ?? "");
      if (!response || !accepts || typeof response.body !== "string" || response.isBase64Encoded) return;
      if (Buffer.byteLength(response.body) < 1024 || !COMPRESSIBLE.test(headers["content-type"] ?? "")) return;
      response.body = gzipSync(response.body).toString("base64");
      response.isBase64Encoded = true;
      response.headers = { ...headers, "content-encoding": "gzip", vary: "accept-encoding" };
    },
  };
}

/** The one middy stack every HTTP function shares, in middy's recommended order. */
export function httpStack(
  contract: RouteContract | undefined,
  core: (event: HttpEvent, context: Context) => Promise<RouteResult>,
  options: StackOptions = {},
): HttpHandler {
  const stack = middy<HttpEvent, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    // One EMF line per invocation with what it counted; nothing when it counted nothing.
    .use(logMetrics(metrics))
    // Never the response in a trace: a booking's answer carries its cancel token.
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(requestLog())
    .use(httpHeaderNormalizer())
    .use(httpEventNormalizer())
    .use(contract ? jsonBody(contract) : { before: () => undefined })
    .use(httpSecurityHeaders(options.securityHeaders))
    .use(options.compressText ? gzipText() : { after: () => undefined })
    .use(
      httpCors({
        origins: settings.corsOrigins,
        headers: "authorization,content-type,idempotency-key,if-none-match,token",
        methods: "GET,POST,PUT,PATCH,DELETE,OPTIONS",
        exposeHeaders: "etag,location",
        maxAge: 600,
        disableBeforePreflightResponse: false,
      }),
    )
    .use(errorHandler())
    .handler(async (event: HttpEvent, context: Context) => {
      const result = await core(event, context);
      if (result.text) {
        return { statusCode: result.status, headers: { "content-type": result.text.contentType, ...result.headers }, body: result.text.content };
      }
      return {
        statusCode: result.status,
        headers: {
          ...(result.body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
          ...result.headers,
        },
        body: result.body === undefined ? "" : JSON.stringify(result.body),
      };
    });
  return stack as unknown as HttpHandler;
}

/** Builds a Lambda handler for one route: authenticate, validate, then run the route's function. */
export function httpHandler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  contract: RouteContract<P, Q, B>,
  run: (request: RouteRequest<Input<P>, Input<Q>, Input<B>>) => Promise<RouteResult>,
  options: StackOptions = {},
): HttpHandler {
  return httpStack(contract as RouteContract, async (event, context) => {
    const now = Date.now();
    const deadline = now + remainingMs(context) - ANSWER_MARGIN_MS;
    const headers = event.headers as Record<string, string | undefined>;
    const caller = await identify(contract as RouteContract, headers);
    const params = parseWith(contract.params, event.pathParameters ?? {}, "path") as Input<P>;
    if (contract.auth === "self") {
      const { userId } = params as { userId: string };
      assertActsFor(caller as Caller, userId);
      // A user's own key proves the user exists; the admin may name anyone.
      if (caller?.kind === "admin" && !(await findUser(userId))) throw notFound(`No user '${userId}'`, "user_not_found");
    }
    const query = parseWith(contract.query, event.queryStringParameters ?? {}, "query") as Input<Q>;
    const declaredHeaders = (parseWith(contract.headers, headers, "headers") ?? {}) as Record<string, unknown>;
    const sent = (event as { body?: unknown }).body;
    const rawBody = sent === undefined && contract.bodyOptional ? {} : sent;
    const body = parseWith(contract.body, rawBody, "body") as Input<B>;
    return run({ params, query, body, caller, now, deadline, headers, declaredHeaders, event });
  }, options);
}

/** Time kept back from the function's timeout to send the answer. */
const ANSWER_MARGIN_MS = 1_000;
/** The time the function has left (a context without the clock, as in some local runners: none known). */
const remainingMs = (context: Context | undefined): number =>
  typeof context?.getRemainingTimeInMillis === "function" ? context.getRemainingTimeInMillis() : Number.POSITIVE_INFINITY;

async function identify(contract: RouteContract, headers: Record<string, string | undefined>): Promise<Caller | undefined> {
  if (contract.auth === "public") return undefined;
  const key = presentedKey(headers, contract.tokenHeader ?? false);
  if (!key) {
    if (contract.auth === "optional") return undefined;
    throw unauthorized("Missing API key: send 'Authorization: Bearer <API key>'");
  }
  const caller = await authenticate(key);
  if (contract.auth === "admin" && caller.kind !== "admin") throw forbidden("This route needs the admin key");
  if (contract.auth === "user" && caller.kind !== "user") throw forbidden("This route needs a user's API key");
  return caller;
}
