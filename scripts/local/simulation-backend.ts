/**
 * What both calendar simulations (scripts/simulate-poller.ts, scripts/simulate-fan-out.ts) stand on:
 * DynamoDB Local in memory with the tables of serverless.yml, the environment the functions get (also
 * set on this process, which creates the users through the data layer), and the users themselves.
 */
import { startDynamoDbLocal, type DynamoDbLocal } from "./dynamodb-local.ts";
import { freePort } from "./ports.ts";
import { loadServiceConfig } from "./service-config.ts";
import { ensureTables } from "./tables.ts";

export interface SimulationDatabase {
  dynamo: DynamoDbLocal;
  /** The functions' environment: serverless.yml's for the `sim` stage, the local endpoint, and `extra`. */
  env: NodeJS.ProcessEnv;
}

/** Starts DynamoDB Local with the tables; `env` is also assigned to this process's environment. */
export async function startSimulationDatabase(extra: NodeJS.ProcessEnv = {}): Promise<SimulationDatabase> {
  const [config, port] = await Promise.all([loadServiceConfig("sim"), freePort()]);
  const dynamo = await startDynamoDbLocal({ port });
  try {
    await ensureTables(dynamo.endpoint, config.tables);
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...config.environment,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    ALLOW_LOOPBACK_FEEDS: "true",
    AWS_REGION: "local",
    POWERTOOLS_LOG_LEVEL: "ERROR",
    ...extra,
  };
  Object.assign(process.env, env);
  return { dynamo, env };
}

/**
 * `count` users `sim-00000`, `sim-00001`, … created through the data layer, each with its own feed
 * `<feedsUrl>/feeds/<id>.ics`, zones taken in turn from `zones`, user `i` due at `dueAt(i)`; `inFlight`
 * created at a time. Returns the ids and the seconds it took.
 */
export async function createFeedUsers(
  count: number,
  feedsUrl: string,
  zones: readonly string[],
  dueAt: (index: number) => number,
  inFlight = 100,
): Promise<{ ids: string[]; seconds: number }> {
  const { createUser } = await import("../../lib/users/users-service.js");
  const started = performance.now();
  const ids = Array.from({ length: count }, (_, i) => `sim-${String(i).padStart(5, "0")}`);
  for (let i = 0; i < ids.length; i += inFlight) {
    await Promise.all(
      ids.slice(i, i + inFlight).map((id, j) => createUser({ id, timezone: zones[(i + j) % zones.length]!, calendarUrl: `${feedsUrl}/feeds/${id}.ics` }, dueAt(i + j))),
    );
  }
  return { ids, seconds: (performance.now() - started) / 1000 };
}
