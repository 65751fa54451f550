import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { settings } from "../config/env.js";
import { tracer } from "../observability/tracer.js";

function createClient(): DynamoDBDocumentClient {
  const endpoint = settings.dynamoEndpoint;
  const config = endpoint
    ? {
        endpoint,
        region: process.env.AWS_REGION ?? "local",
        // DynamoDB Local accepts any credentials; real ones never reach it.
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        maxAttempts: 3,
      }
    : { maxAttempts: 3 };
  const dynamo = new DynamoDBClient(config);
  // The SDK's logger middleware runs every command's input and output through its sensitive-data filter
  // for a logger that is never configured here (the SDK's default logs nothing): a walk of every item,
  // busy sets included, per call, for nothing.
  dynamo.middlewareStack.remove("loggerMiddleware");
  // Each DynamoDB call becomes an X-Ray subsegment when tracing is on (never locally: lib/observability/tracer.ts).
  const base = tracer.captureAWSv3Client(dynamo);
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

let client: DynamoDBDocumentClient | undefined;

/** The single DocumentClient of the process, created on first use so tests can set the endpoint first. */
export function db(): DynamoDBDocumentClient {
  client ??= createClient();
  return client;
}
