import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "../../scripts/local/ports.ts";
import { assertResponseMatchesContract } from "./response-contract.js";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface RunningService {
  baseUrl: string;
  adminKey: string;
  ports: number[];
  output: () => string;
  child: ChildProcess;
  stop(): Promise<number | null>;
}

/**
 * Starts the project's own `npm start` script (node scripts/start.ts) on free ports; resolves once it is
 * ready. `underShell` runs it as npm does, under a `sh -c` that stays its parent: `child` is then the shell.
 */
export async function startService(
  options: { dataDir?: string; env?: Record<string, string>; readyTimeoutMs?: number; underShell?: boolean } = {},
): Promise<RunningService> {
  const [httpPort, dynamoPort, lambdaPort] = [await freePort(), await freePort(), await freePort()];
  const adminKey = "e2e-admin-key";
  let output = "";
  const [command, args] = options.underShell
    ? ["sh", ["-c", `"${process.execPath}" scripts/start.ts; true`]]
    : [process.execPath, ["scripts/start.ts"]];
  const child = spawn(command, args, {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(httpPort),
      DYNAMODB_PORT: String(dynamoPort),
      LAMBDA_PORT: String(lambdaPort),
      ADMIN_API_KEY: adminKey,
      ...(options.dataDir ? { DYNAMODB_DATA_DIR: options.dataDir, DYNAMODB_IN_MEMORY: "" } : { DYNAMODB_IN_MEMORY: "1" }),
      POWERTOOLS_LOG_LEVEL: "WARN",
      ...options.env,
    },
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    return exited;
  };

  await new Promise<void>((resolve, reject) => {
    const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
    const timer = setTimeout(() => reject(new Error(`service not ready in ${readyTimeoutMs / 1000} s:\n${output}`)), readyTimeoutMs);
    const check = () => {
      if (/Ready in [\d.]+ s/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code} before it was ready:\n${output}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });

  return {
    baseUrl: `http://127.0.0.1:${httpPort}`,
    adminKey,
    ports: [httpPort, dynamoPort, lambdaPort],
    output: () => output,
    child,
    stop,
  };
}

/** Processes whose command line mentions one of these ports (java, serverless, esbuild of one service). */
export function processesUsing(ports: number[]): string[] {
  const table = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return table
    .split("\n")
    .filter((line) => ports.some((port) => new RegExp(`\\b${port}\\b`).test(line)))
    .filter((line) => !/\bps -eo\b/.test(line));
}

/** One HTTP request to the service; a 2xx answer must match its route's contract (`./response-contract.ts`), or this throws. */
export async function call(
  service: RunningService,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers: {
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  assertResponseMatchesContract({ method, path }, { status: response.status, headers: Object.fromEntries(response.headers), raw: text });
  const json = /^application\/json\b/i.test(response.headers.get("content-type") ?? "application/json");
  // A text/calendar answer (an iCalendar object) is given to the test as its text.
  return { status: response.status, body: text ? (json ? JSON.parse(text) : text) : undefined, headers: response.headers };
}
