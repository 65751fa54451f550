// `npm run bench:cold-start`: each function's zipped size and the time its bundle takes to load (Lambda's
// init phase, without the runtime's own start), in a fresh Node process per run. No AWS access: only the
// import runs, never a request. Details in bench/README.md.
//
//   npm run bench:cold-start                  # package into a temporary directory, 5 runs per function
//   npm run bench:cold-start -- --runs 9
//   npm run bench:cold-start -- --only createBooking,pollCalendarFeeds
//   npm run bench:cold-start -- --reuse DIR   # a directory `serverless package --package DIR` wrote
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

interface FunctionState {
  handler: string;
  memory?: number;
  timeout?: number;
  environment?: Record<string, string>;
  package: { artifact: string };
}
interface ServiceState {
  service: { service: string; provider: { environment?: Record<string, string>; region?: string }; functions: Record<string, FunctionState> };
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

const runs = Number(option("runs") ?? 5);
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a positive whole number");
const only = option("only")?.split(",").filter(Boolean);

const work = mkdtempSync(join(tmpdir(), "cold-start-"));
try {
  // Packaged into a directory of our own: `.serverless/` may be rewritten meanwhile by `npm start` or CI.
  let packageDir = option("reuse");
  if (!packageDir) {
    packageDir = join(work, "package");
    console.error("packaging (serverless package)…");
    execFileSync(join(root, "node_modules/.bin/serverless"), ["package", "--package", packageDir], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  }
  const state = JSON.parse(readFileSync(join(packageDir, "serverless-state.json"), "utf8")) as ServiceState;
  const { provider, functions } = state.service;

  // The Lambda runtime ships the AWS SDK v3 (the bundles leave it out); give the bundles this project's copy.
  const modules = join(work, "node_modules");
  mkdirSync(modules);
  symlinkSync(join(root, "node_modules/@aws-sdk"), join(modules, "@aws-sdk"), "dir");

  const rows: { name: string; zippedKb: number; unzippedKb: number; initMs: number; spreadMs: [number, number] }[] = [];
  for (const [name, fn] of Object.entries(functions)) {
    if (only && !only.includes(name)) continue;
    const zip = join(packageDir, basename(fn.package.artifact));
    const dir = join(work, name);
    execFileSync("unzip", ["-q", zip, "-d", dir]);
    const handlerFile = join(dir, `${fn.handler.slice(0, fn.handler.lastIndexOf("."))}.js`);
    const unzipped = Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);
    const env = {
      PATH: process.env.PATH ?? "",
      ...provider.environment,
      ...fn.environment,
      AWS_REGION: provider.region ?? "eu-west-1",
      // As on Lambda: the Tracer sets itself up at init only there.
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memory ?? 512),
      LAMBDA_TASK_ROOT: dir,
      // Fake credentials: nothing is sent, but the SDK must find some without looking further.
      AWS_ACCESS_KEY_ID: "cold-start",
      AWS_SECRET_ACCESS_KEY: "cold-start",
    };
    const times: number[] = [];
    for (let run = 0; run < runs; run++) times.push(initTime(handlerFile, env, dir));
    times.sort((a, b) => a - b);
    rows.push({
      name,
      zippedKb: statSync(zip).size / 1024,
      unzippedKb: unzipped / 1024,
      initMs: median(times),
      spreadMs: [times[0] as number, times[times.length - 1] as number],
    });
  }

  console.log(`Node ${process.version}, ${runs} runs per function (median; min–max)\n`);
  console.log("| function | zipped KB | unzipped KB | init ms | min–max ms |");
  console.log("|---|---:|---:|---:|---:|");
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${row.zippedKb.toFixed(0)} | ${row.unzippedKb.toFixed(0)} | ${row.initMs.toFixed(0)} | ${row.spreadMs[0].toFixed(0)}–${row.spreadMs[1].toFixed(0)} |`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Loads the handler module in a fresh process and returns the milliseconds the import took. */
function initTime(file: string, env: Record<string, string>, cwd: string): number {
  const probe = [
    "const started = performance.now();",
    `const module = await import(${JSON.stringify(pathToFileURL(file).href)});`,
    "const took = performance.now() - started;",
    "if (typeof module.handler !== 'function') throw new Error('no handler exported');",
    "process.stdout.write(JSON.stringify({ took }));",
  ].join("\n");
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { cwd, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${file} failed to load:\n${result.stderr}`);
  return (JSON.parse(result.stdout) as { took: number }).took;
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
