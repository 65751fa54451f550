import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { handler as openApi } from "../../functions/meta/openapi.js";
import { invoke } from "../support/lambda.js";

const run = promisify(execFile);
const redoclyCli = join(dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin/cli.js");

interface LintProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location: { pointer?: string }[];
}

/** Redocly's lint of one file with its built-in `recommended` rules: OpenAPI 3.1 structure included. */
async function lint(file: string): Promise<LintProblem[]> {
  // Offline: no telemetry, no update check. The CLI exits 1 when it finds an error; the JSON tells which.
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
  const output = await run(process.execPath, [redoclyCli, "lint", file, "--format=json"], { env, maxBuffer: 32 << 20 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`redocly lint did not run: ${error.stderr}`);
      return { stdout: error.stdout };
    },
  );
  return (JSON.parse(output.stdout) as { problems: LintProblem[] }).problems;
}

test("GET /openapi.json is a valid OpenAPI 3.1 document without lint errors (@redocly/cli)", async () => {
  const response = await invoke(openApi, { method: "GET", path: "/openapi.json" });
  expect(response.status).toBe(200);
  expect(response.body.openapi).toMatch(/^3\.1\./);

  const dir = await mkdtemp(join(tmpdir(), "openapi-lint-"));
  try {
    const file = join(dir, "openapi.json");
    await writeFile(file, response.raw);
    const errors = (await lint(file))
      .filter((problem) => problem.severity === "error")
      .map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer ?? "?"}: ${problem.message}`);
    expect(errors).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
