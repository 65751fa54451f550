/**
 * Sends a batch to the worker function as an asynchronous Lambda invocation (`InvocationType: Event`):
 * Lambda queues it and runs the worker with its own concurrency, retries and memory. Locally the endpoint
 * is serverless offline's lambda port (LAMBDA_ENDPOINT, set by `npm start`), which runs it the same way.
 */
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { tracer } from "../observability/tracer.js";
import type { SendBatch } from "./dispatch.js";

/** One client per endpoint (in a deployment: one, for AWS's own), made on first use. */
const clients = new Map<string, LambdaClient>();

function lambda(endpoint: string | undefined): LambdaClient {
  let client = clients.get(endpoint ?? "");
  if (!client) {
    client = tracer.captureAWSv3Client(
      new LambdaClient(
        endpoint
          ? { endpoint, region: process.env.AWS_REGION ?? "local", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 3 }
          : { maxAttempts: 3 },
      ),
    );
    clients.set(endpoint ?? "", client);
  }
  return client;
}

/** A SendBatch that invokes `functionName` asynchronously; throws unless Lambda accepted the event (202). */
export function invokeWorker(functionName: string, endpoint: string | undefined): SendBatch {
  return async (payload) => {
    const answer = await lambda(endpoint).send(
      new InvokeCommand({ FunctionName: functionName, InvocationType: "Event", Payload: new TextEncoder().encode(payload) }),
    );
    if (answer.StatusCode !== 202) throw new Error(`worker invocation answered ${answer.StatusCode ?? "no status"}${answer.FunctionError ? ` (${answer.FunctionError})` : ""}`);
  };
}
