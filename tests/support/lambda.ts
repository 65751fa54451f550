import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { assertResponseMatchesContract } from "./response-contract.js";

export interface TestRequest {
  method: string;
  /** Concrete path, e.g. `/v1/users/ann`. */
  path: string;
  /** The route's path parameters, as the gateway would extract them. */
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** An object is sent as JSON with a JSON content type; a string is sent as is. */
  body?: unknown;
}

export interface TestResponse {
  status: number;
  headers: Record<string, string>;
  body: any;
  raw: string;
}

/** An API Gateway HTTP API (payload 2.0) event, as the gateway builds it. */
function httpEvent(request: TestRequest): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = { ...request.headers };
  let body: string | undefined;
  if (typeof request.body === "string") body = request.body;
  else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === "content-type")) {
      headers["content-type"] = "application/json";
    }
  }
  const query = request.query ?? {};
  const rawQueryString = new URLSearchParams(query).toString();
  return {
    version: "2.0",
    routeKey: `${request.method} ${request.path}`,
    rawPath: request.path,
    rawQueryString,
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: request.pathParameters,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: "123456789012",
      apiId: "test",
      domainName: "test.example",
      domainPrefix: "test",
      http: { method: request.method, path: request.path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "jest" },
      requestId: randomUUID(),
      routeKey: `${request.method} ${request.path}`,
      stage: "$default",
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  };
}

/** A context whose clock counts down from the function's timeout, as Lambda's does. */
export function lambdaContext(functionName = "test", timeoutSeconds = 10): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:123456789012:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "test",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

/**
 * Runs a handler the way Lambda would (with the function's timeout in seconds, 10 by default) and decodes
 * its JSON answer. A 2xx answer must match the contract of the route of `request.method` and
 * `request.path` (status declared, body parsed by that status's response schema): otherwise this throws
 * a ResponseContractError, failing the test (`./response-contract.ts`).
 */
export async function invoke(handler: Handler, request: TestRequest, timeoutSeconds = 10): Promise<TestResponse> {
  const result = (await handler(httpEvent(request), lambdaContext("test", timeoutSeconds))) as {
    statusCode: number;
    headers?: Record<string, string>;
    body?: string;
  };
  const raw = result.body ?? "";
  const headers = result.headers ?? {};
  assertResponseMatchesContract(request, { status: result.statusCode, headers, raw });
  let body: unknown = raw;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    // not JSON: the test will see the raw text
  }
  return { status: result.statusCode, headers, body, raw };
}
