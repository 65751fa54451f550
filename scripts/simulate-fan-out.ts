/**
 * `npm run simulate:poller -- --fan-out [--users 20000 --workers 8]`
 *
 * The calendar poller as deployed, at 20,000 feeds a minute, on this machine: DynamoDB Local in memory with
 * the tables of serverless.yml, one generated feed per user on a local HTTP server (the mix of
 * scripts/simulate-poller.ts, 5% failing), the users created through the data layer and all due within one
 * minute, then the real finder handler (functions/calendar/poll-feeds.ts) run once a minute, each run in a
 * Node process of its own, sending its batches through the real Lambda SDK to a stand-in for AWS Lambda's
 * asynchronous Invoke API. The stand-in queues the events and runs each in one of `--workers` warm worker
 * processes (the concurrency Lambda would give; each a Node process, as a Lambda container is), which run the
 * real worker handler (functions/calendar/sync-feeds.ts) with a 90 s context, the function's timeout.
 *
 * Reports: when the last user was synced after the first was due, the invocations and their run times,
 * each worker process's peak RSS (the function has 512 MB), and every user's state read back from
 * DynamoDB. Exits 1 unless every user was synced (or its failure recorded) within 2 minutes and no worker
 * went over 512 MB.
 */
import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

const WORKER_FUNCTION = "presence-scheduling-sim-syncCalendarFeeds";
const WORKER_TIMEOUT_MS = 90_000;
const MEMORY_MB = 512;
const TARGET_MS = 120_000;

interface InvocationRecord {
  users: string[];
  queuedAt: number;
  startedAt?: number;
  endedAt?: number;
  worker?: number;
  summary?: { processed?: number; outcomes?: Record<string, number>; stoppedBy?: string; refused?: boolean };
  error?: string;
}

interface WorkerProcess {
  index: number;
  child: ChildProcess;
  busy: boolean;
  peakRssMb: number;
  invocations: number;
  cpuMs: number;
}

/**
 * AWS Lambda's Invoke API for one function, asynchronous invocations only (what the finder sends): each is
 * answered 202 and queued, then run by the first idle worker process, at most `concurrency` at once.
 */
class LocalLambdaService {
  readonly invocations: InvocationRecord[] = [];
  private readonly queue: Array<{ record: InvocationRecord; payload: string }> = [];
  private readonly workers: WorkerProcess[] = [];
  private server: http.Server | undefined;
  private drained: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async start(): Promise<string> {
    const script = fileURLToPath(import.meta.url);
    for (let i = 0; i < this.concurrency; i++) {
      const child = fork(script, ["--lambda-worker"], {
        env: this.env,
        // SIM_WORKER_NODE_OPTIONS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the workers.
        execArgv: ["--import", "tsx", ...(process.env.SIM_WORKER_NODE_OPTIONS?.split(" ").filter(Boolean) ?? [])],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      const worker: WorkerProcess = { index: i, child, busy: false, peakRssMb: 0, invocations: 0, cpuMs: 0 };
      await new Promise<void>((resolve, reject) => {
        child.once("message", (message: { cpuMs: number }) => {
          worker.cpuMs = message.cpuMs;
          resolve();
        });
        child.once("exit", (code) => reject(new Error(`worker process ${i} exited with ${code} before it was ready`)));
      });
      this.workers.push(worker);
    }
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const name = decodeURIComponent(/^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? "")?.[1] ?? "");
        if (name !== WORKER_FUNCTION || req.headers["x-amz-invocation-type"] !== "Event") {
          res.writeHead(404, { "x-amzn-errortype": "ResourceNotFoundException", "Content-Type": "application/json" });
          return void res.end(JSON.stringify({ message: `Function not found: ${name}` }));
        }
        const payload = Buffer.concat(chunks).toString("utf8");
        const users = (JSON.parse(payload) as { users: Array<{ id: string }> }).users.map((user) => user.id);
        const record: InvocationRecord = { users, queuedAt: Date.now() };
        this.invocations.push(record);
        this.queue.push({ record, payload });
        res.writeHead(202).end();
        this.pump();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private pump(): void {
    for (const worker of this.workers) {
      if (worker.busy) continue;
      const next = this.queue.shift();
      if (!next) break;
      this.run(worker, next.record, next.payload);
    }
    if (this.queue.length === 0 && this.workers.every((w) => !w.busy)) for (const resolve of this.drained.splice(0)) resolve();
  }

  private run(worker: WorkerProcess, record: InvocationRecord, payload: string): void {
    worker.busy = true;
    worker.invocations++;
    record.worker = worker.index;
    record.startedAt = Date.now();
    worker.child.once("message", (message: { summary?: InvocationRecord["summary"]; error?: string; peakRssMb: number; cpuMs: number }) => {
      worker.cpuMs = message.cpuMs;
      record.endedAt = Date.now();
      record.summary = message.summary;
      if (message.error) record.error = message.error;
      worker.peakRssMb = Math.max(worker.peakRssMb, message.peakRssMb);
      worker.busy = false;
      this.pump();
    });
    worker.child.send({ payload, timeoutMs: WORKER_TIMEOUT_MS });
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.workers.every((w) => !w.busy)) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  get workerFigures(): WorkerProcess[] {
    return this.workers;
  }

  async stop(): Promise<void> {
    for (const worker of this.workers) worker.child.kill("SIGTERM");
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** CPU time this process has used, user and system, in ms. */
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** CPU time of another process, from /proc (Linux), in ms; 0 when unknown. */
async function processCpuMs(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  try {
    const { readFile } = await import("node:fs/promises");
    const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** One warm "container": runs the worker handler for each invocation it is sent, reporting its peak RSS. */
async function lambdaWorkerProcess(): Promise<void> {
  const { handler } = await import("../functions/calendar/sync-feeds.js");
  const { db } = await import("../lib/data/client.js");
  const { ListTablesCommand } = await import("@aws-sdk/client-dynamodb");
  await db().send(new ListTablesCommand({}));
  process.once("SIGTERM", () => process.exit(0));
  // The kernel's high-water mark of this process's RSS (ru_maxrss, in KiB): exact, and free, where sampling
  // it every 10 ms cost the worker's own CPU figure about 3 ms a second.
  const peakBytes = () => process.resourceUsage().maxRSS * 1024;
  process.on("message", async (message: { payload: string; timeoutMs: number }) => {
    const deadline = Date.now() + message.timeoutMs;
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName: WORKER_FUNCTION,
      functionVersion: "$LATEST",
      invokedFunctionArn: `arn:aws:lambda:local:123456789012:function:${WORKER_FUNCTION}`,
      memoryLimitInMB: String(MEMORY_MB),
      awsRequestId: String(Math.random()),
      logGroupName: "sim",
      logStreamName: "sim",
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    try {
      const summary = await handler(JSON.parse(message.payload), context as never);
      process.send!({ summary, peakRssMb: peakBytes() / 2 ** 20, cpuMs: cpuMs() });
    } catch (error) {
      process.send!({ error: (error as Error).message, peakRssMb: peakBytes() / 2 ** 20, cpuMs: cpuMs() });
    }
  });
  process.send!({ ready: true, cpuMs: cpuMs() });
}

/** One scheduled finder run, in a process of its own (as its Lambda invocation is): prints its summary. */
async function finderProcess(): Promise<void> {
  const { handler } = await import("../functions/calendar/poll-feeds.js");
  const deadline = Date.now() + 60_000;
  const context = { functionName: "pollCalendarFeeds", getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
  const started = performance.now();
  const summary = await handler({ "detail-type": "Scheduled Event", source: "aws.events", detail: {} } as never, context as never);
  process.stdout.write(`${JSON.stringify({ ...(summary as object), wallMs: performance.now() - started })}\n`);
  process.exit(0);
}

function runFinder(env: NodeJS.ProcessEnv): Promise<{ dispatched: number; batches: number; failedBatches: number; indexPages: number; wallMs: number; stoppedBy: string }> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = fork(script, ["--finder"], { env, execArgv: ["--import", "tsx"], stdio: ["ignore", "pipe", "inherit", "ipc"] });
    let out = "";
    child.stdout!.on("data", (chunk) => (out += chunk));
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`finder exited with ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1)!));
    });
  });
}

/** The generated feeds of scripts/simulate-poller.ts (passed in: that script is the entry point). */
interface Feeds {
  listen(): Promise<string>;
  generate(count: number, now: number): void;
  totalBytes(): number;
  describeMix(): string;
  close(): Promise<void>;
  requests: number;
}

export async function simulateFanOut(
  options: { users: number; workers: number; batchSize: number },
  feeds: Feeds,
  zones: readonly string[],
): Promise<void> {
  const startedAll = performance.now();
  const { startSimulationDatabase, createFeedUsers } = await import("./local/simulation-backend.ts");
  const { dynamo, env } = await startSimulationDatabase({
    POWERTOOLS_TRACE_ENABLED: "false",
    POWERTOOLS_METRICS_DISABLED: "true",
    CALENDAR_SYNC_WORKER: WORKER_FUNCTION,
    CALENDAR_SYNC_BATCH_SIZE: String(options.batchSize),
  });
  let lambda: LocalLambdaService | undefined;
  const stopAll = async () => {
    await lambda?.stop();
    await feeds.close();
    await dynamo.stop();
  };
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));

  try {
    const baseUrl = await feeds.listen();
    const T = Math.floor(Date.now() / 1000) * 1000;
    feeds.generate(options.users, T);
    console.log(`Feeds: ${options.users} on ${baseUrl}, ${(feeds.totalBytes() / 2 ** 20).toFixed(1)} MB in all; ${feeds.describeMix()}`);

    const { db } = await import("../lib/data/client.js");
    // Due within one minute: spread over the minute before the first finder run.
    const dueAt = (i: number) => T - 60_000 + Math.floor((i * 60_000) / options.users);
    const { ids, seconds } = await createFeedUsers(options.users, baseUrl, zones, dueAt);
    console.log(`Users: ${options.users} created through the data layer in ${seconds.toFixed(1)} s, due from T − 60 s to T`);

    lambda = new LocalLambdaService(options.workers, env);
    env.LAMBDA_ENDPOINT = await lambda.start();
    const s = (await import("../lib/config/env.js")).settings.calendarSync;
    console.log(
      `Settings: ${options.workers} worker processes (the stand-in's concurrency), batches of ${options.batchSize}, ${s.concurrency} feeds in flight per worker, fetch timeout ${s.fetchTimeoutSeconds} s, ${s.shards} shards`,
    );

    // The schedule: a finder run at the start of every minute, until every user is done (at most 4 runs).
    const cpuBefore = { dynamo: await processCpuMs(dynamo.process.pid), sim: cpuMs(), workers: lambda.workerFigures.map((w) => w.cpuMs) };
    const first = Date.now();
    const { GetCommand } = await import("@aws-sdk/lib-dynamodb");
    const synced = async () => {
      let done = 0;
      for (let i = 0; i < ids.length; i += 100) {
        const users = await Promise.all(ids.slice(i, i + 100).map((id) => db().send(new GetCommand({ TableName: env.USERS_TABLE, Key: { pk: `USER#${id}` } }))));
        for (const { Item } of users) if (Item && (typeof Item.lastSuccessAt === "number" || Item.lastError) && !Item.syncLease) done++;
      }
      return done;
    };
    for (let run = 0; run < 4; run++) {
      const at = first + run * 60_000;
      if (Date.now() < at) await new Promise((resolve) => setTimeout(resolve, at - Date.now()));
      const summary = await runFinder(env);
      console.log(
        `finder run ${run + 1} at T+${((at - first) / 1000).toFixed(0)} s: ${summary.dispatched} users in ${summary.batches} batches (${summary.failedBatches} failed), ${summary.indexPages} index pages, ${(summary.wallMs / 1000).toFixed(1)} s`,
      );
      if (run === 0) await new Promise((resolve) => setTimeout(resolve, 1000));
      await lambda.idle();
      const done = await synced();
      console.log(`  T+${((Date.now() - first) / 1000).toFixed(1)} s: queue drained, ${done}/${options.users} users synced or failed on record`);
      if (done === options.users) break;
    }

    // Figures.
    const workerCpu = lambda.workerFigures.reduce((sum, w, i) => sum + w.cpuMs - (cpuBefore.workers[i] ?? 0), 0);
    const dynamoCpu = (await processCpuMs(dynamo.process.pid)) - cpuBefore.dynamo;
    const simCpu = cpuMs() - cpuBefore.sim;
    const invocations = lambda.invocations.filter((r) => r.endedAt !== undefined);
    const lastEnd = Math.max(...invocations.map((r) => r.endedAt!));
    const totals: Record<string, number> = {};
    for (const r of invocations) for (const [k, v] of Object.entries(r.summary?.outcomes ?? {})) totals[k] = (totals[k] ?? 0) + v;
    const runMs = invocations.map((r) => r.endedAt! - r.startedAt!).sort((a, b) => a - b);
    const waitMs = invocations.map((r) => r.startedAt! - r.queuedAt).sort((a, b) => a - b);
    const pct = (list: number[], p: number) => list[Math.min(list.length - 1, Math.floor((p / 100) * list.length))]!;
    const workers = lambda.workerFigures;
    const peak = Math.max(...workers.map((w) => w.peakRssMb));

    // Every user, read back.
    const standing = { succeeded: 0, failing: 0, other: 0 };
    const codes = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 100) {
      const users = await Promise.all(ids.slice(i, i + 100).map((id) => db().send(new GetCommand({ TableName: env.USERS_TABLE, Key: { pk: `USER#${id}` } }))));
      for (const { Item } of users) {
        if (Item?.syncLease || !Item) standing.other++;
        else if (Item.consecutiveFailures === 0 && typeof Item.lastSuccessAt === "number") standing.succeeded++;
        else if (Item.lastError) {
          standing.failing++;
          const code = (Item.lastError as { code: string }).code;
          codes.set(code, (codes.get(code) ?? 0) + 1);
        } else standing.other++;
      }
    }
    // Creating the users took a while after their due times: shift the due window so that it ends at the
    // first finder run, as it does in a service that runs all the time (users fall due in the minute
    // before each run). A user's sync ends, at the latest, when the last invocation that held it ends.
    const shift = first - T;
    const endOf = new Map<string, number>();
    for (const r of invocations) for (const id of r.users) endOf.set(id, Math.max(endOf.get(id) ?? 0, r.endedAt!));
    let worst = 0;
    ids.forEach((id, i) => (worst = Math.max(worst, (endOf.get(id) ?? Number.POSITIVE_INFINITY) - (dueAt(i) + shift))));
    const lastSyncedAfterDue = worst;
    console.log(`\nInvocations: ${invocations.length} (${lambda.invocations.length} sent), outcomes ${JSON.stringify(totals)}`);
    console.log(
      `Invocation run time: median ${(pct(runMs, 50) / 1000).toFixed(1)} s, p95 ${(pct(runMs, 95) / 1000).toFixed(1)} s, max ${(runMs.at(-1)! / 1000).toFixed(1)} s; queued before start: median ${(pct(waitMs, 50) / 1000).toFixed(1)} s, max ${(waitMs.at(-1)! / 1000).toFixed(1)} s`,
    );
    console.log(`Worker processes: ${workers.map((w) => `#${w.index} ${w.invocations} invocations, peak RSS ${w.peakRssMb.toFixed(0)} MB`).join("; ")}`);
    const perFeed = (ms: number) => `${(ms / 1000).toFixed(1)} s (${(ms / options.users).toFixed(1)} ms a feed)`;
    console.log(`CPU used: worker processes ${perFeed(workerCpu)}, DynamoDB Local ${perFeed(dynamoCpu)}, feed host and Lambda stand-in ${perFeed(simCpu)}`);
    console.log(
      `Users: ${standing.succeeded} in sync, ${standing.failing} failing on record (${[...codes].map(([c, n]) => `${c} ${n}`).join(", ")}), ${standing.other} not done.`,
    );
    console.log(
      `Every user synced within ${(lastSyncedAfterDue / 1000).toFixed(1)} s of falling due; the last sync ended ${((lastEnd - first) / 1000).toFixed(1)} s after the first finder run. ` +
        `Throughput: ${(options.users / ((lastEnd - first) / 1000)).toFixed(0)} feeds/s. Feed requests served: ${feeds.requests}. Whole simulation: ${((performance.now() - startedAll) / 1000).toFixed(0)} s.`,
    );
    db().destroy();
    if (standing.other > 0 || lastSyncedAfterDue > TARGET_MS || peak >= MEMORY_MB) {
      console.log(`FAILED: ${standing.other > 0 ? "users not done; " : ""}${lastSyncedAfterDue > TARGET_MS ? "over 2 minutes; " : ""}${peak >= MEMORY_MB ? "a worker over 512 MB" : ""}`);
      process.exitCode = 1;
    }
  } finally {
    await stopAll();
  }
}

const role = process.argv[2];
if (role === "--lambda-worker") await lambdaWorkerProcess();
else if (role === "--finder") await finderProcess();
