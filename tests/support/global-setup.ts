import { startDynamoDbLocal, type DynamoDbLocal } from "../../scripts/local/dynamodb-local.ts";
import { freePort } from "../../scripts/local/ports.ts";
import { loadServiceConfig } from "../../scripts/local/service-config.ts";
import { ensureTables } from "../../scripts/local/tables.ts";
import { TEST_ADMIN_KEY } from "./constants.ts";

declare global {
  var __dynamoDbLocal: DynamoDbLocal | undefined;
}

/** One in-memory DynamoDB Local per test run, on a free port, with the tables of serverless.yml. */
export default async function globalSetup(): Promise<void> {
  const [config, port] = await Promise.all([loadServiceConfig("test"), freePort()]);
  const dynamo = await startDynamoDbLocal({ port });
  globalThis.__dynamoDbLocal = dynamo;
  await ensureTables(dynamo.endpoint, config.tables);
  // Test workers inherit these: the handlers under test read the same settings as on Lambda.
  Object.assign(process.env, config.environment, {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    SERVICE_SECRET: "test-service-secret-0123456789abcdef",
    ALLOW_LOOPBACK_FEEDS: "true",
    AWS_REGION: "local",
  });
}
