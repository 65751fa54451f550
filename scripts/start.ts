// `npm start`: DynamoDB Local, the tables of serverless.yml, then `serverless offline` on 127.0.0.1.
// Ctrl-C or SIGTERM stops everything this script started.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { startDynamoDbLocal, type DynamoDbLocal } from "./local/dynamodb-local.ts";
import { portIsFree } from "./local/ports.ts";
import { loadServiceConfig, projectRoot, serverlessBin } from "./local/service-config.ts";
import { ensureTables } from "./local/tables.ts";

const DEFAULT_ADMIN_KEY = "dev-admin-key-change-me";
/** Seals stored answers locally; a deployed stage sets its own (see README, Deploying). */
const DEFAULT_SERVICE_SECRET = "dev-service-secret-change-me-0123456789";
const HOST = "127.0.0.1";

const numberFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) fail(`${name} must be a port number, got '${raw}'`);
  return value;
};

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

const httpPort = numberFromEnv("PORT", 3000);
const dynamoPort = numberFromEnv("DYNAMODB_PORT", 8000);
const lambdaPort = numberFromEnv("LAMBDA_PORT", 3002);
const inMemory = ["1", "true"].includes(process.env.DYNAMODB_IN_MEMORY ?? "");
const dataDir = process.env.DYNAMODB_DATA_DIR || join(projectRoot, ".dynamodb");
const adminKey = process.env.ADMIN_API_KEY || DEFAULT_ADMIN_KEY;
const stage = "dev";
// This serverless offline's own bundles (serverless.yml, custom.esbuild): `serverless package` deletes
// `.esbuild` when it is done, and another `npm start` (the e2e tests' own) rebuilds its folder on start.
const workFolder = join(".esbuild-offline", String(httpPort));

let dynamo: DynamoDbLocal | undefined;
let offline: ChildProcess | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (offline?.pid && offline.exitCode === null && offline.signalCode === null) {
      const exited = new Promise((resolve) => offline?.once("exit", resolve));
      // serverless offline runs in its own process group: end it and whatever it spawned (esbuild).
      killGroup(offline.pid, "SIGTERM");
      const timer = setTimeout(() => offline?.pid && killGroup(offline.pid, "SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    await dynamo?.stop();
    // Only once this script has run a serverless offline: a port in use means the folder is another's.
    if (offline) rmSync(join(projectRoot, workFolder), { recursive: true, force: true });
  }
  process.exit(code);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (offline?.exitCode !== null) throw new Error(`serverless offline exited with code ${offline?.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function routeList(functions: Awaited<ReturnType<typeof loadServiceConfig>>["functions"]): string[] {
  const lines: string[] = [];
  for (const [name, definition] of Object.entries(functions)) {
    for (const event of definition.events ?? []) {
      const http = (event as { httpApi?: string | { method: string; path: string } }).httpApi;
      const schedule = (event as { schedule?: string | { rate: string | string[] } }).schedule;
      if (typeof http === "object") lines.push(`  ${http.method.padEnd(6)} ${http.path}`);
      else if (http === "*") lines.push(`  *      (any other route: JSON 404/405)`);
      if (schedule) {
        const rate = typeof schedule === "string" ? schedule : [schedule.rate].flat().join(", ");
        lines.push(`  every  ${rate}  (${name})`);
      }
    }
  }
  return lines;
}

async function main(): Promise<void> {
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  // `npm start` runs this script under `sh -c`, and a SIGTERM sent to npm ends npm and the shell but
  // not this script (Ctrl-C reaches the whole process group; a supervisor's kill does not). When the
  // process that started it goes away, stop everything, as on SIGTERM.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stopAll(0);
  }, 500).unref();

  for (const [name, port] of [
    ["PORT", httpPort],
    ["LAMBDA_PORT", lambdaPort],
    ["DYNAMODB_PORT", dynamoPort],
  ] as const) {
    if (!(await portIsFree(port))) fail(`port ${port} is already in use (set ${name} to use another port)`);
  }

  const started = Date.now();
  const [config, database] = await Promise.all([
    loadServiceConfig(stage),
    startDynamoDbLocal({ port: dynamoPort, dataDir: inMemory ? undefined : dataDir, detached: true }),
  ]);
  dynamo = database;
  dynamo.process.once("exit", (code) => {
    if (!stopping) {
      console.error(`npm start: DynamoDB Local stopped unexpectedly (code ${code})`);
      void stopAll(1);
    }
  });
  const created = await ensureTables(dynamo.endpoint, config.tables);
  if (created.length) console.log(`Created tables: ${created.join(", ")}`);

  offline = spawn(
    serverlessBin,
    [
      "offline",
      "start",
      "--stage",
      stage,
      "--host",
      HOST,
      "--httpPort",
      String(httpPort),
      "--lambdaPort",
      String(lambdaPort),
      // The handlers see this process's environment, so the plain ADMIN_API_KEY and SERVICE_SECRET below reach
      // them: serverless.yml holds no secret values (on AWS they come from SSM: README, Secrets).
      "--localEnvironment",
    ],
    {
      cwd: projectRoot,
      detached: true,
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        ADMIN_API_KEY: adminKey,
        SERVICE_SECRET: process.env.SERVICE_SECRET || DEFAULT_SERVICE_SECRET,
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        ESBUILD_WORK_FOLDER: workFolder,
        // The calendar finder invokes its worker through serverless offline's lambda port.
        LAMBDA_ENDPOINT: `http://${HOST}:${lambdaPort}`,
        ALLOW_LOOPBACK_FEEDS: "true",
        POWERTOOLS_TRACE_ENABLED: "false",
        AWS_REGION: process.env.AWS_REGION || "local",
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        SLS_TELEMETRY_DISABLED: "1",
        SLS_NOTIFICATIONS_MODE: "off",
      },
    },
  );
  offline.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`npm start: serverless offline stopped unexpectedly (${signal ?? `code ${code}`})`);
      void stopAll(1);
    }
  });

  const baseUrl = `http://${HOST}:${httpPort}`;
  await waitForHttp(`${baseUrl}/openapi.json`, 120_000);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      "",
      `Ready in ${seconds} s: ${baseUrl}`,
      `Admin key: ${adminKey}${process.env.ADMIN_API_KEY ? "" : "  (development default; set ADMIN_API_KEY to override)"}`,
      `DynamoDB Local: ${dynamo.endpoint} (${inMemory ? "in memory" : `data in ${dataDir}`})`,
      "Routes:",
      ...routeList(config.functions),
      "",
      `Try: curl -s -X POST ${baseUrl}/v1/users -H 'Authorization: Bearer ${adminKey}' -H 'Content-Type: application/json' -d '{"id":"ann"}'`,
      `Booking pages: ${baseUrl}/book/<userId> (the user's event types), ${baseUrl}/book/<userId>/<slug> (book one)`,
      "Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
