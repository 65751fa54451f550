/**
 * `npm run simulate:poller [-- --users 2000 --per-user]`
 * `npm run simulate:poller -- --big-feeds [--big 12 --small 100]`
 *
 * The calendar poller at scale, locally: DynamoDB Local in memory with the tables of serverless.yml, a
 * local HTTP server serving one generated feed per user (varied: single events in several zones, weekly
 * and daily series with EXDATEs and moved instances, all-day events, a few heavy feeds of 1,000+
 * events, and about 5% failing: 404, HTML, cut short, too big, too slow), the users created through the
 * data layer, then poll runs of the real orchestration (`pollCalendarFeeds` with the options the Lambda
 * handler builds from the same settings). Each run happens in a child Node process of its own, as a
 * Lambda invocation would, so its run time and peak memory are its own. Stops everything it started.
 *
 * Runs: 1 at T (every user due), 2 at T + 1 min (the failed feeds back off for one minute), 3 at
 * T + 5 min (every feed due again: conditional requests, 304s, and the 2% of feeds that changed), then,
 * when a small budget (CALENDAR_POLL_BUDGET_SECONDS=5) left users unreached, one run a minute until every
 * user was reached. Exits 1 if any user was never processed.
 *
 * `--big-feeds`: one run only, of `--big` feeds of about 5 MB each (under the size cap; alternately
 * 70,000 tiny events, over the event cap, and ~17,000 events with descriptions, under it) among `--small`
 * ordinary feeds, all due at once. It reports the run's peak RSS and how many small feeds were synced,
 * and exits 1 unless every small feed was synced and the peak RSS stayed under 400 MB.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { seededRandom as random } from "./local/seeded-random.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

// ── one poll run, in its own process ──────────────────────────────────────────────────────────────

async function childRun(now: number): Promise<void> {
  const { pollOptionsFromSettings } = await import("../lib/calendar-sync/options.js");
  const { pollCalendarFeeds } = await import("../lib/calendar-sync/poll.js");
  const { db } = await import("../lib/data/client.js");
  // Warm the client and the modules so the figures are the run's, not the imports'.
  const { ListTablesCommand } = await import("@aws-sdk/client-dynamodb");
  await db().send(new ListTablesCommand({}));

  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  let peakHeap = process.memoryUsage().heapUsed;
  let peakHeapTotal = process.memoryUsage().heapTotal;
  let peakExternal = process.memoryUsage().external;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakHeapTotal = Math.max(peakHeapTotal, usage.heapTotal);
    peakExternal = Math.max(peakExternal, usage.external);
  }, 5);
  const started = performance.now();
  const report = await pollCalendarFeeds(pollOptionsFromSettings(now, () => performance.now() - started));
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
  process.stdout.write(
    `${JSON.stringify({
      processed: report.processed,
      outcomes: report.outcomes,
      stoppedBy: report.stoppedBy,
      wallMs,
      baselineRssMb: baselineRss / 2 ** 20,
      peakRssMb: peakRss / 2 ** 20,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      peakHeapMb: peakHeap / 2 ** 20,
      peakHeapTotalMb: peakHeapTotal / 2 ** 20,
      peakExternalMb: peakExternal / 2 ** 20,
      results: report.results.map((r) => [r.userId, r.outcome, "error" in r && r.error ? r.error.code : ""]),
      // When the last feed that did not hit its timeout was done: the run's real work, without the waits.
      lastNonTimeoutMs: Math.max(0, ...report.results.filter((r) => !("error" in r && r.error?.code === "timeout")).map((r) => r.finishedAtMs)),
    })}\n`,
  );
  db().destroy();
}

// ── the simulation ────────────────────────────────────────────────────────────────────────────────

interface RunFigures {
  processed: number;
  outcomes: Record<string, number>;
  stoppedBy: string;
  wallMs: number;
  baselineRssMb: number;
  peakRssMb: number;
  maxRssMb: number;
  peakHeapMb: number;
  peakHeapTotalMb: number;
  peakExternalMb: number;
  lastNonTimeoutMs: number;
  results: Array<[string, string, string]>;
}

async function main(): Promise<void> {
  const bigFeeds = args.includes("--big-feeds");
  const bigCount = bigFeeds ? option("--big", 12) : 0;
  const userCount = bigFeeds ? bigCount + option("--small", 100) : option("--users", 2000);
  const perUser = args.includes("--per-user");
  const startedAll = performance.now();

  const { startSimulationDatabase, createFeedUsers } = await import("./local/simulation-backend.ts");
  const { dynamo, env: childEnv } = await startSimulationDatabase();
  const feeds = new FeedHost();
  const stopAll = async () => {
    await feeds.close();
    await dynamo.stop();
  };
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));

  try {
    const baseUrl = await feeds.listen();

    const T = Math.floor(Date.now() / 1000) * 1000;
    if (bigFeeds) feeds.generateBig(bigCount, userCount - bigCount, T);
    else feeds.generate(userCount, T);
    console.log(`Feeds: ${userCount} on ${baseUrl}, ${(feeds.totalBytes() / 2 ** 20).toFixed(1)} MB in all; ${feeds.describeMix()}`);

    const { db } = await import("../lib/data/client.js");
    const { ids, seconds } = await createFeedUsers(userCount, baseUrl, ZONES, () => T - 1000, 50);
    console.log(`Users: ${userCount} created through the data layer in ${seconds.toFixed(1)} s`);
    const s = (await import("../lib/config/env.js")).settings.calendarSync;
    console.log(
      `Settings: concurrency ${s.concurrency}, budget ${s.budgetSeconds} s, at most ${s.maxUsersPerRun} users a run, fetch timeout ${s.fetchTimeoutSeconds} s, refresh ${s.refreshMinutes} min`,
    );

    if (bigFeeds) {
      await reportBigFeedsRun(T, childEnv, feeds, bigCount, ids);
      db().destroy();
      return;
    }

    const runs: Array<{ label: string; now: number; figures: RunFigures }> = [];
    const plan: Array<[string, number]> = [
      ["run 1 (T, all due)", T],
      ["run 2 (T+1 min, failures retried)", T + 60_000],
      ["run 3 (T+5 min, all due again)", T + 5 * 60_000 + 1000],
    ];
    const reached = new Set<string>();
    for (const [label, now] of plan) {
      if (label.startsWith("run 3")) feeds.changeSome(now);
      const figures = await runInChild(now, childEnv);
      runs.push({ label, now, figures });
      for (const [id] of figures.results) reached.add(id);
    }
    // With a small budget (CALENDAR_POLL_BUDGET_SECONDS) the users spread over runs: keep polling, a minute
    // apart, until every one was reached (at most 12 runs in all).
    for (let minute = 6; reached.size < userCount && runs.length < 12; minute++) {
      const now = T + minute * 60_000 + 1000;
      const figures = await runInChild(now, childEnv);
      runs.push({ label: `run ${runs.length + 1} (T+${minute} min, catching up)`, now, figures });
      for (const [id] of figures.results) reached.add(id);
    }

    console.log("\nrun                                  processed  updated  unchanged  304  failed  skipped  stopped by    run time  (without timeouts)  peak RSS  (maxRSS)  peak heap");
    for (const { label, figures: f } of runs) {
      const o = f.outcomes;
      const n = (key: string) => String(o[key] ?? 0);
      console.log(
        `${label.padEnd(36)} ${String(f.processed).padStart(9)} ${n("updated").padStart(8)} ${n("unchanged").padStart(10)} ${n("not_modified").padStart(4)} ${n("failed").padStart(7)} ${String((o.skipped ?? 0) + (o.errored ?? 0)).padStart(8)}  ${f.stoppedBy.padEnd(12)} ${(f.wallMs / 1000).toFixed(1).padStart(6)} s ${(f.lastNonTimeoutMs / 1000).toFixed(1).padStart(11)} s ${f.peakRssMb.toFixed(0).padStart(12)} MB ${f.maxRssMb.toFixed(0).padStart(6)} MB ${f.peakHeapMb.toFixed(0).padStart(6)} MB`,
      );
    }
    console.log(
      `(RSS before a run, after imports: ${runs[0]!.figures.baselineRssMb.toFixed(0)} MB; peak V8 heap reserved / external memory: ${runs
        .map((r) => `${r.figures.peakHeapTotalMb.toFixed(0)} / ${r.figures.peakExternalMb.toFixed(0)} MB`)
        .join(", ")})`,
    );

    // Every user, per user: how often processed, and how it stands now (read back from DynamoDB).
    const perUserRuns = new Map<string, string[]>();
    for (const { figures } of runs) for (const [id, outcome, code] of figures.results) perUserRuns.set(id, [...(perUserRuns.get(id) ?? []), code ? `${outcome}:${code}` : outcome]);
    const { findUser } = await import("../lib/data/users-repo.js");
    const standing = { succeeded: 0, failing: 0, never: 0 };
    const failingCodes = new Map<string, number>();
    const lines: string[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const users = await Promise.all(ids.slice(i, i + 100).map((id) => findUser(id)));
      for (const user of users) {
        const sync = user!.calendarSync!;
        const history = perUserRuns.get(user!.id) ?? [];
        if (history.length === 0) standing.never++;
        else if (sync.consecutiveFailures === 0 && sync.lastSuccessAt !== null) standing.succeeded++;
        else {
          standing.failing++;
          failingCodes.set(sync.lastError!.code, (failingCodes.get(sync.lastError!.code) ?? 0) + 1);
        }
        if (perUser) lines.push(`${user!.id}  ${history.join(" → ").padEnd(48)} lastSuccess=${sync.lastSuccessAt ? new Date(sync.lastSuccessAt).toISOString() : "-"} failures=${sync.consecutiveFailures} intervals=${sync.busyIntervalCount ?? "-"}`);
      }
    }
    if (perUser) console.log(`\n${lines.join("\n")}`);
    const processedOnce = [...perUserRuns.keys()].length;
    console.log(
      `\nEvery user: ${processedOnce}/${userCount} processed at least once in the first run${runs[0]!.figures.processed === userCount ? "" : "s"}; ` +
        `now ${standing.succeeded} in sync, ${standing.failing} failing (${[...failingCodes].map(([code, n]) => `${code} ${n}`).join(", ")}), ${standing.never} never reached.`,
    );
    console.log(`Feed requests served: ${feeds.requests} (${feeds.notModified} answered 304). Whole simulation: ${((performance.now() - startedAll) / 1000).toFixed(0)} s.`);
    db().destroy();
    if (processedOnce !== userCount || standing.never > 0) process.exitCode = 1;
  } finally {
    await stopAll();
  }
}

/** The `--big-feeds` scenario: one run, its peak memory, and every small feed synced. */
async function reportBigFeedsRun(T: number, env: NodeJS.ProcessEnv, feeds: FeedHost, bigCount: number, ids: string[]): Promise<void> {
  const f = await runInChild(T, env);
  const byId = new Map(f.results.map(([id, outcome, code]) => [id, code ? `${outcome}:${code}` : outcome]));
  const big = ids.slice(0, bigCount);
  const small = ids.slice(bigCount);
  const smallSynced = small.filter((id) => ["updated", "unchanged"].includes(byId.get(id) ?? "")).length;
  console.log(`\nOne run at T: ${f.processed} processed in ${(f.wallMs / 1000).toFixed(1)} s, outcomes ${JSON.stringify(f.outcomes)}`);
  for (const id of big) console.log(`  ${id} (${feeds.describe(id)}): ${byId.get(id) ?? "not reached"}`);
  console.log(`Small feeds synced: ${smallSynced}/${small.length}` + (smallSynced < small.length ? ` (others: ${small.filter((id) => !["updated", "unchanged"].includes(byId.get(id) ?? "")).map((id) => `${id} ${byId.get(id) ?? "not reached"}`).join(", ")})` : ""));
  console.log(
    `Peak RSS ${f.peakRssMb.toFixed(0)} MB (maxRSS ${f.maxRssMb.toFixed(0)} MB; ${f.baselineRssMb.toFixed(0)} MB before the run), peak heap used ${f.peakHeapMb.toFixed(0)} MB, heap reserved ${f.peakHeapTotalMb.toFixed(0)} MB, external ${f.peakExternalMb.toFixed(0)} MB`,
  );
  if (smallSynced < small.length || Math.max(f.peakRssMb, f.maxRssMb) >= 400) process.exitCode = 1;
}

function runInChild(now: number, env: NodeJS.ProcessEnv): Promise<RunFigures> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, "--run", String(now)], { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`poll run exited with ${code}: ${out}`));
      resolve(JSON.parse(line) as RunFigures);
    });
  });
}

// ── generated feeds ───────────────────────────────────────────────────────────────────────────────

const ZONES = ["Europe/Paris", "America/New_York", "UTC", "Asia/Tokyo", "Europe/London"] as const;
const TZIDS = ["Europe/Berlin", "America/New_York", "W. Europe Standard Time", "Pacific Standard Time", "Asia/Kolkata"];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Failure = "missing" | "html" | "cut" | "huge" | "slow";


const pad = (n: number) => String(n).padStart(2, "0");
const utcStamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;
};

/** One user's feed: `kind` decides its shape; times around `now`. */
function feedFor(index: number, now: number, revision: number): string {
  const rnd = random(index * 7919 + revision);
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const dayStart = Math.floor(now / DAY) * DAY;
  const heavy = index % 100 === 42;
  const recurring = index % 4 === 1;
  const events: string[] = [];
  const single = (uid: string) => {
    const start = dayStart + int(-2, 20) * DAY + int(6, 18) * HOUR + pick([0, 15, 30, 45]) * 60_000;
    const tzid = pick(TZIDS);
    const minutes = pick([15, 30, 45, 60, 90]);
    const time = rnd() < 0.5 ? [`DTSTART:${utcStamp(start)}Z`, `DTEND:${utcStamp(start + minutes * 60_000)}Z`] : [`DTSTART;TZID=${tzid}:${utcStamp(start)}`, `DTEND;TZID=${tzid}:${utcStamp(start + minutes * 60_000)}`];
    events.push(["BEGIN:VEVENT", `UID:${uid}`, "DTSTAMP:20260101T000000Z", ...time, `SUMMARY:Meeting ${uid}`, rnd() < 0.1 ? "TRANSP:TRANSPARENT" : "TRANSP:OPAQUE", "END:VEVENT"].join("\r\n"));
  };
  const series = (uid: string) => {
    const start = dayStart - int(0, 60) * DAY + int(7, 17) * HOUR;
    const tzid = pick(TZIDS);
    const rule = pick(["FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=DAILY;COUNT=90", "FREQ=WEEKLY;INTERVAL=2", "FREQ=MONTHLY;BYDAY=2TU", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"]);
    events.push(
      [
        "BEGIN:VEVENT",
        `UID:${uid}`,
        "DTSTAMP:20260101T000000Z",
        `DTSTART;TZID=${tzid}:${utcStamp(start)}`,
        `DTEND;TZID=${tzid}:${utcStamp(start + pick([30, 60]) * 60_000)}`,
        `RRULE:${rule}`,
        `EXDATE;TZID=${tzid}:${utcStamp(start + 7 * DAY)},${utcStamp(start + 63 * DAY)}`,
        `SUMMARY:Series ${uid}`,
        "END:VEVENT",
      ].join("\r\n"),
    );
    // One instance moved an hour later.
    const moved = start + int(61, 70) * DAY;
    events.push(
      ["BEGIN:VEVENT", `UID:${uid}`, "DTSTAMP:20260101T000000Z", `RECURRENCE-ID;TZID=${tzid}:${utcStamp(moved)}`, `DTSTART;TZID=${tzid}:${utcStamp(moved + HOUR)}`, `DTEND;TZID=${tzid}:${utcStamp(moved + 2 * HOUR)}`, "SEQUENCE:1", "END:VEVENT"].join("\r\n"),
    );
  };
  const count = heavy ? 1200 : int(5, 40);
  for (let e = 0; e < count; e++) {
    if ((recurring || heavy) && e % 8 === 0) series(`u${index}-s${e}`);
    else if (e % 15 === 14) {
      const date = new Date(dayStart + int(0, 14) * DAY).toISOString().slice(0, 10).replace(/-/g, "");
      events.push(["BEGIN:VEVENT", `UID:u${index}-d${e}`, "DTSTAMP:20260101T000000Z", `DTSTART;VALUE=DATE:${date}`, "SUMMARY:Out of office", "END:VEVENT"].join("\r\n"));
    } else single(`u${index}-e${e}`);
  }
  if (revision > 0) single(`u${index}-rev${revision}`);
  return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//simulate-poller//EN\r\n${events.join("\r\n")}\r\nEND:VCALENDAR\r\n`;
}

/**
 * A feed of about 5 MB, under the default size cap: "dense" is 70,000 tiny events (the shape that made one
 * parse peak at ~400 MB), "rich" about 17,000 events with a description each, as a real export has.
 */
function bigFeed(seed: number, now: number, kind: "dense" | "rich"): string {
  const rnd = random(1_000_003 + seed);
  const dayStart = Math.floor(now / DAY) * DAY;
  const parts = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//simulate-poller//EN\r\n"];
  let bytes = parts[0]!.length;
  const limit = 5 * 2 ** 20 - 64;
  for (let e = 0; ; e++) {
    // Mostly past events (years of history), a few in the next two weeks.
    const start = dayStart + (rnd() < 0.97 ? -Math.floor(rnd() * 3 * 365) : Math.floor(rnd() * 14)) * DAY + Math.floor(rnd() * 20) * 30 * 60_000;
    const event =
      kind === "dense"
        ? `BEGIN:VEVENT\r\nUID:${e.toString(36)}\r\nDTSTART:${utcStamp(start)}Z\r\nDURATION:PT30M\r\nEND:VEVENT\r\n`
        : `BEGIN:VEVENT\r\nUID:big${seed}-${e}@example.com\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:${utcStamp(start)}\r\nDTEND;TZID=Europe/Berlin:${utcStamp(start + HOUR)}\r\nSUMMARY:Meeting ${e}\r\nDESCRIPTION:${"Agenda: review the numbers\\, decide next steps. ".repeat(2)}\r\nLOCATION:Room ${e % 40}\r\nEND:VEVENT\r\n`;
    if (bytes + event.length > limit || (kind === "dense" && e >= 70_000)) break;
    parts.push(event);
    bytes += event.length;
  }
  parts.push("END:VCALENDAR\r\n");
  return parts.join("");
}

function failureOf(index: number): Failure | undefined {
  const slot = index % 100;
  if (slot === 0 || slot === 1) return "missing";
  if (slot === 2) return "html";
  if (slot === 3) return "cut";
  if (slot === 4) return "huge";
  if (index % 400 === 5) return "slow";
  return undefined;
}

class FeedHost {
  private readonly feeds = new Map<string, { index: number; body: string; etag: string; delayMs?: number }>();
  private server: http.Server | undefined;
  private slow = new Set<http.ServerResponse>();
  requests = 0;
  notModified = 0;

  generate(count: number, now: number): void {
    for (let i = 0; i < count; i++) this.put(i, now, 0);
  }

  /** `big` feeds of about 5 MB (alternately over and under the event cap), then `small` ordinary ones. */
  generateBig(big: number, small: number, now: number): void {
    for (let i = 0; i < big; i++) {
      const body = bigFeed(i, now, i % 2 === 0 ? "dense" : "rich");
      this.feeds.set(`/feeds/sim-${String(i).padStart(5, "0")}.ics`, { index: -1 - i, body, etag: `"big-${i}"` });
    }
    // Small feeds: the simulation's ordinary kinds (indices skip the failing and heavy slots).
    let index = 10;
    for (let i = big; i < big + small; i++) {
      while (failureOf(index) || index % 100 === 42) index++;
      const body = feedFor(index, now, 0);
      // Real feed hosts take a while to answer: these are in flight while the big ones are being read.
      const delayMs = 200 + Math.floor(random(index)() * 1800);
      this.feeds.set(`/feeds/sim-${String(i).padStart(5, "0")}.ics`, { index, body, etag: `"small-${i}"`, delayMs });
      index++;
    }
  }

  describe(id: string): string {
    const feed = this.feeds.get(`/feeds/${id}.ics`);
    if (!feed) return "none";
    const events = feed.body.split("BEGIN:VEVENT").length - 1;
    return `${(feed.body.length / 2 ** 20).toFixed(2)} MB, ${events.toLocaleString("en")} events`;
  }

  /** Between runs some calendars change: 2% of the feeds get one more event (and a new ETag). */
  changeSome(now: number): void {
    for (const feed of this.feeds.values()) if (feed.index % 50 === 7) this.put(feed.index, now, 1);
  }

  private put(index: number, now: number, revision: number): void {
    const body = feedFor(index, now, revision);
    const etag = `"${createHash("sha1").update(body).digest("base64url").slice(0, 16)}"`;
    this.feeds.set(`/feeds/sim-${String(index).padStart(5, "0")}.ics`, { index, body, etag });
  }

  totalBytes(): number {
    let total = 0;
    for (const feed of this.feeds.values()) total += feed.body.length;
    return total;
  }

  describeMix(): string {
    const counts = new Map<string, number>();
    for (const feed of this.feeds.values()) {
      const kind = failureOf(feed.index) ?? (feed.index % 100 === 42 ? "heavy (1,200 events)" : feed.index % 4 === 1 ? "with series" : "singles");
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    return [...counts].map(([kind, n]) => `${n} ${kind}`).join(", ");
  }

  async listen(): Promise<string> {
    this.server = http.createServer((req, res) => this.serve(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests++;
    res.on("error", () => undefined);
    const feed = this.feeds.get(new URL(req.url ?? "/", "http://x").pathname);
    const failure = feed ? (feed.index < 0 ? undefined : failureOf(feed.index)) : "missing";
    if (!feed || failure === "missing") return void res.writeHead(404).end("not found");
    switch (failure) {
      case "html":
        return void res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>Sign in</title>");
      case "cut":
        return void res.writeHead(200, { "Content-Type": "text/calendar" }).end(feed.body.slice(0, Math.floor(feed.body.length / 2)));
      case "huge":
        // Declares 6 MB: refused on the header, before any body is read.
        res.writeHead(200, { "Content-Type": "text/calendar", "Content-Length": String(6 * 2 ** 20) });
        return void res.write("BEGIN:VCALENDAR\r\n");
      case "slow": {
        this.slow.add(res);
        const timer = setTimeout(() => res.writeHead(200, { "Content-Type": "text/calendar" }).end(feed.body), 15_000);
        res.on("close", () => {
          clearTimeout(timer);
          this.slow.delete(res);
        });
        return;
      }
    }
    if (req.headers["if-none-match"] === feed.etag) {
      this.notModified++;
      return void res.writeHead(304, { ETag: feed.etag }).end();
    }
    const answer = () => void res.writeHead(200, { "Content-Type": "text/calendar; charset=utf-8", ETag: feed.etag }).end(feed.body);
    if (!feed.delayMs) return answer();
    this.slow.add(res);
    const timer = setTimeout(answer, feed.delayMs);
    res.on("close", () => {
      clearTimeout(timer);
      this.slow.delete(res);
    });
  }

  async close(): Promise<void> {
    for (const res of this.slow) res.destroy();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (args[0] === "--run") await childRun(Number(args[1]));
  else if (args.includes("--in-process") || args.includes("--big-feeds")) await main();
  else {
    const { simulateFanOut } = await import("./simulate-fan-out.ts");
    await simulateFanOut({ users: option("--users", 20_000), workers: option("--workers", 8), batchSize: option("--batch", 50) }, new FeedHost(), ZONES);
  }
}
