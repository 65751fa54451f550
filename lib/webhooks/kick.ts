/**
 * Locally, where no DynamoDB stream runs (serverless offline over DynamoDB Local), a committed booking
 * change asks the dispatcher to deliver its event at once, with an asynchronous invoke through serverless
 * offline's lambda port (LAMBDA_ENDPOINT, set by `npm start` only). On AWS the table's stream does this
 * and nothing is sent from here. Either way the outbox event is already committed: a failed or missing
 * kick only leaves it to the sweep (every minute).
 */
import { settings } from "../config/env.js";
import { logger } from "../observability/logger.js";

export async function announceCommitted(eventId: string): Promise<void> {
  const endpoint = settings.lambdaEndpoint;
  const functionName = settings.webhookDispatcher;
  if (!endpoint || !functionName) return;
  try {
    // Loaded only here, locally: a deployed booking function never loads the Lambda client.
    const { InvokeCommand, LambdaClient } = await import("@aws-sdk/client-lambda");
    client ??= new LambdaClient({ endpoint, region: process.env.AWS_REGION ?? "local", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 2 });
    await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: "Event", Payload: new TextEncoder().encode(JSON.stringify({ eventIds: [eventId] })) }));
  } catch (error) {
    logger.warn("webhook dispatcher not invoked; the sweep delivers the event", { eventId, error: error as Error });
  }
}

let client: import("@aws-sdk/client-lambda").LambdaClient | undefined;
