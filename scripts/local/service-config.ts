import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
export const serverlessBin = fileURLToPath(new URL("../../node_modules/.bin/serverless", import.meta.url));

export interface TableResource {
  TableName: string;
  AttributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
  KeySchema: Array<{ AttributeName: string; KeyType: string }>;
  GlobalSecondaryIndexes?: Array<Record<string, unknown>>;
  LocalSecondaryIndexes?: Array<Record<string, unknown>>;
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
  BillingMode?: string;
}

export interface ServiceConfig {
  /** provider.environment, variables resolved for the stage. */
  environment: Record<string, string>;
  tables: TableResource[];
  functions: Record<string, { handler: string; events?: unknown[] }>;
  /** The HTTP API stage's throttles: the default and each route's own ("METHOD /path"). */
  throttles: { default?: Record<string, number>; routes: Record<string, Record<string, number>> };
}

/**
 * serverless.yml, resolved by the Serverless CLI itself (`serverless print`), so that local tables and
 * settings come from the one definition that deploys, never from a second copy.
 */
export async function loadServiceConfig(stage = "dev", env: NodeJS.ProcessEnv = process.env): Promise<ServiceConfig> {
  const { stdout } = await promisify(execFile)(serverlessBin, ["print", "--format", "json", "--stage", stage], {
    cwd: projectRoot,
    env: { ...env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off" },
    maxBuffer: 16 * 1024 * 1024,
  });
  const printed = JSON.parse(stdout) as {
    provider: { environment?: Record<string, string> };
    resources?: {
      Resources?: Record<string, { Type: string; Properties: TableResource }>;
      extensions?: { HttpApiStage?: { Properties?: { DefaultRouteSettings?: Record<string, number>; RouteSettings?: Record<string, Record<string, number>> } } };
    };
    functions: ServiceConfig["functions"];
  };
  const tables = Object.values(printed.resources?.Resources ?? {})
    .filter((resource) => resource.Type === "AWS::DynamoDB::Table")
    .map((resource) => resource.Properties);
  const httpStage = printed.resources?.extensions?.HttpApiStage?.Properties;
  const throttles = { default: httpStage?.DefaultRouteSettings, routes: httpStage?.RouteSettings ?? {} };
  return { environment: printed.provider.environment ?? {}, tables, functions: printed.functions, throttles };
}
