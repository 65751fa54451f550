/**
 * `npm run bench [-- --only heavy,day] [--runs N] [--no-generate] [--scaling]`
 *
 * Generates the neutral scenarios with ../shared/bench/gen-scenario.mjs into
 * bench/scenarios/generated/ (checked against the published checksums), reads
 * them beside the committed bench/scenarios/*.json, and prints per scenario
 * the slot count and the median and p95 time of `slotsFor` + `renderSlots`
 * over repeated runs. Inputs are parsed to epoch ms before timing: the figures
 * are the engine's, not JSON parsing's. Not a test: nothing here fails on time.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseInstant } from "../lib/engine/local-time.js";
import { renderSlots, slotsFor } from "../lib/engine/slots.js";
import type { Booking, DateOverride, DateRule, Interval, IsoWeekday, LocalWindow, SlotQuery } from "../lib/engine/types.js";

const here = dirname(fileURLToPath(import.meta.url));
const scenariosDir = join(here, "scenarios");
const generatedDir = join(scenariosDir, "generated");
const sharedBench = resolve(here, "../../shared/bench");
const generator = join(sharedBench, "gen-scenario.mjs");

/** Slot counts stated outside this project, to catch a harness that misreads the format. */
const KNOWN_COUNTS: Record<string, number> = { day: 6 };

// ---------- scenario format (the neutral one, plus optional fields of this project)
interface IsoInterval {
  start: string;
  end: string;
}
interface ScenarioFile {
  name: string;
  timeZone: string;
  now: string;
  window: { from: string; to: string };
  weekly?: ({ days: number[]; start: string; end: string } | { days: number[]; windows: LocalWindow[] })[];
  busy?: IsoInterval[];
  slot: {
    duration: number;
    step?: number;
    minimumNoticeMinutes?: number;
    alignment?: "window" | "clock";
    bufferBeforeMinutes?: number;
    bufferAfterMinutes?: number;
    horizonDays?: number;
    maxPerDay?: number;
    displayZone?: string;
  };
  // superset
  description?: string;
  dateRules?: DateRule[];
  intervals?: IsoInterval[];
  overrides?: DateOverride[];
  blackouts?: IsoInterval[];
  bookings?: (IsoInterval & { bufferBeforeMinutes?: number; bufferAfterMinutes?: number })[];
  calendarBusy?: IsoInterval[];
  bookingsPerDay?: Record<string, number>;
  expectSlots?: number;
}

const toInterval = (x: IsoInterval, path: string): Interval => ({ start: parseInstant(x.start, `${path}.start`), end: parseInstant(x.end, `${path}.end`) });

function toQuery(s: ScenarioFile): SlotQuery {
  const weekly = (s.weekly ?? []).map((w) => ({
    days: w.days as IsoWeekday[],
    windows: "windows" in w ? w.windows : [{ start: w.start, end: w.end }],
  }));
  const bookings: Booking[] = (s.bookings ?? []).map((b, i) => ({
    ...toInterval(b, `bookings[${i}]`),
    bufferBeforeMinutes: b.bufferBeforeMinutes,
    bufferAfterMinutes: b.bufferAfterMinutes,
  }));
  // The neutral `busy` has no kind: it is calendar busy time (a booking without buffers blocks the same).
  const calendarBusy = [...(s.busy ?? []), ...(s.calendarBusy ?? [])].map((x, i) => toInterval(x, `busy[${i}]`));
  return {
    availability: {
      zone: s.timeZone,
      weekly,
      dateRules: s.dateRules,
      intervals: s.intervals?.map((x, i) => toInterval(x, `intervals[${i}]`)),
      overrides: s.overrides,
      blackouts: s.blackouts?.map((x, i) => toInterval(x, `blackouts[${i}]`)),
    },
    dates: s.window,
    now: parseInstant(s.now, "now"),
    bookings,
    calendarBusy,
    bookingsPerDay: s.bookingsPerDay,
    settings: {
      durationMinutes: s.slot.duration,
      stepMinutes: s.slot.step,
      minimumNoticeMinutes: s.slot.minimumNoticeMinutes,
      alignment: s.slot.alignment,
      bufferBeforeMinutes: s.slot.bufferBeforeMinutes,
      bufferAfterMinutes: s.slot.bufferAfterMinutes,
      horizonDays: s.slot.horizonDays,
      maxPerDay: s.slot.maxPerDay,
      displayZone: s.slot.displayZone,
    },
  };
}

// ---------- neutral scenarios, generated at bench time
function publishedChecksums(): Map<string, string> {
  const sums = new Map<string, string>();
  const readme = join(sharedBench, "README.md");
  if (!existsSync(readme)) return sums;
  for (const m of readFileSync(readme, "utf8").matchAll(/^([0-9a-f]{64})\s+(\S+\.json)$/gm)) sums.set(m[2]!, m[1]!);
  return sums;
}

function generateNeutral(): void {
  if (!existsSync(generator)) {
    console.log(`(no ${generator}: neutral scenarios not generated; reading whatever is in ${generatedDir})`);
    return;
  }
  mkdirSync(generatedDir, { recursive: true });
  const sums = publishedChecksums();
  const names = execFileSync(process.execPath, [generator, "--list"], { encoding: "utf8" }).split("\n").filter(Boolean);
  const report: string[] = [];
  for (const name of names) {
    const json = execFileSync(process.execPath, [generator, name], { encoding: "utf8", maxBuffer: 1 << 28 });
    writeFileSync(join(generatedDir, `${name}.json`), json);
    const sum = createHash("sha256").update(json).digest("hex");
    const want = sums.get(`${name}.json`);
    report.push(`${name} ${want === undefined ? "(no published checksum)" : want === sum ? "checksum ok" : `CHECKSUM MISMATCH (${sum})`}`);
  }
  console.log(`generated ${names.length} neutral scenarios with ${process.version}: ${report.join("; ")}`);
}

function loadScenarios(): { file: string; scenario: ScenarioFile }[] {
  const files = [
    ...(existsSync(generatedDir) ? readdirSync(generatedDir).filter((f) => f.endsWith(".json")).map((f) => join(generatedDir, f)) : []),
    ...readdirSync(scenariosDir).filter((f) => f.endsWith(".json")).map((f) => join(scenariosDir, f)),
  ];
  const order = ["day", "week", "heavy-x0.1", "heavy", "heavy-x10"];
  return files
    .map((file) => ({ file, scenario: JSON.parse(readFileSync(file, "utf8")) as ScenarioFile }))
    .sort((a, b) => {
      const [i, j] = [order.indexOf(a.scenario.name), order.indexOf(b.scenario.name)];
      return (i < 0 ? 99 : i) - (j < 0 ? 99 : j) || a.scenario.name.localeCompare(b.scenario.name);
    });
}

// ---------- timing
function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

function measure(query: SlotQuery, zone: string, runsWanted: number | undefined) {
  const once = () => {
    const t0 = performance.now();
    const slots = slotsFor(query);
    renderSlots(slots, zone);
    return { ms: performance.now() - t0, count: slots.length };
  };
  const cold = once(); // first run: zone offsets not cached yet
  for (let i = 0; i < 5; i++) once(); // JIT warm-up
  const times: number[] = [];
  const started = performance.now();
  // Enough runs for a stable median: at least 30, up to 2 s or 5,000 runs.
  while (runsWanted ? times.length < runsWanted : times.length < 30 || (performance.now() - started < 2000 && times.length < 5000)) {
    times.push(once().ms);
  }
  times.sort((a, b) => a - b);
  return { cold: cold.ms, count: cold.count, runs: times.length, median: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

/**
 * Cost against busy count on one input: every k-th interval of heavy-x10's busy
 * list (sorted, spread over the year), k = 10, 5, 2, 1.
 */
function scaling(runs: number | undefined): void {
  const file = join(generatedDir, "heavy-x10.json");
  if (!existsSync(file)) return console.log("(no heavy-x10.json: run without --no-generate first)");
  const scenario = JSON.parse(readFileSync(file, "utf8")) as ScenarioFile;
  console.log("\nscaling: heavy-x10's busy list thinned to every k-th interval\n");
  console.log("| busy | slots | median ms | p95 ms | µs per 1,000 busy |");
  console.log("|-----:|------:|----------:|-------:|------------------:|");
  for (const k of [10, 5, 2, 1]) {
    const thinned = { ...scenario, busy: scenario.busy!.filter((_, i) => i % k === 0) };
    const r = measure(toQuery(thinned), scenario.timeZone, runs);
    const n = thinned.busy.length;
    console.log(`| ${n} | ${r.count} | ${r.median.toFixed(3)} | ${r.p95.toFixed(3)} | ${((r.median * 1e6) / n).toFixed(1)} |`);
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1]!.split(",") : undefined;
  const runs = args.includes("--runs") ? Number(args[args.indexOf("--runs") + 1]) : undefined;
  if (!args.includes("--no-generate")) generateNeutral();

  const rows: string[][] = [];
  let wrong = 0;
  for (const { file, scenario } of loadScenarios()) {
    if (only && !only.includes(scenario.name)) continue;
    const query = toQuery(scenario);
    const busy = (query.bookings?.length ?? 0) + (query.calendarBusy?.length ?? 0);
    const r = measure(query, scenario.timeZone, runs);
    const expected = scenario.expectSlots ?? KNOWN_COUNTS[scenario.name];
    const check = expected === undefined ? "" : expected === r.count ? " ✓" : ` ✗ expected ${expected}`;
    if (expected !== undefined && expected !== r.count) wrong++;
    rows.push([
      scenario.name,
      file.includes("generated") ? "neutral" : "project",
      String(busy),
      `${r.count}${check}`,
      r.cold.toFixed(3),
      r.median.toFixed(3),
      r.p95.toFixed(3),
      String(r.runs),
    ]);
  }
  const head = ["scenario", "source", "busy", "slots", "first ms", "median ms", "p95 ms", "runs"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}; time = slotsFor + renderSlots on parsed input\n`);
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i < 2 ? ":" + "-".repeat(w + 1) : "-".repeat(w + 1) + ":")).join("|")}|`);
  for (const r of rows) console.log(line(r));
  if (args.includes("--scaling")) scaling(runs);
  if (wrong) {
    console.error(`\n${wrong} scenario(s) gave an unexpected slot count`);
    process.exitCode = 1;
  }
}

main();
