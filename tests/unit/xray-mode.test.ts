import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Loads the Tracer (lib/observability/tracer.ts) in a fresh Node process, as a function's bundle does at
 * its cold start, with `env` on top of a bare environment; reports the X-Ray SDK's mode, what stayed in the
 * environment, and everything written to stderr.
 */
function loadTracer(env: Record<string, string>) {
  const probe = `
    const { tracer } = await import("./lib/observability/tracer.ts");
    const { createRequire } = await import("node:module");
    const xray = createRequire(import.meta.url)("aws-xray-sdk-core");
    console.log(JSON.stringify({
      automatic: xray.isAutomaticMode(),
      tracing: tracer.isTracingEnabled(),
      manualModeVariable: process.env.AWS_XRAY_MANUAL_MODE ?? null,
      contextMissingVariable: process.env.AWS_XRAY_CONTEXT_MISSING ?? null,
    }));`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", probe], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", AWS_REGION: "eu-west-1", ...env },
    encoding: "utf8",
  });
  expect(result.status).toBe(0);
  return { ...JSON.parse(result.stdout.trim().split("\n").at(-1)!), stderr: result.stderr };
}

describe("the X-Ray SDK's mode", () => {
  test("tracing off under serverless offline (LAMBDA_TASK_ROOT set): manual mode, no error logged at load, the mode variable removed again", () => {
    const loaded = loadTracer({ LAMBDA_TASK_ROOT: root, AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x", DYNAMODB_ENDPOINT: "http://127.0.0.1:8000" });
    // IGNORE_ERROR is what the Tracer itself leaves set (too late for the SDK's load, hence xray-mode.ts).
    expect(loaded).toMatchObject({ automatic: false, tracing: false, manualModeVariable: null, contextMissingVariable: "IGNORE_ERROR" });
    expect(loaded.stderr).not.toMatch(/manual mode|sub\/segment/i);
  }, 30_000);

  test("tracing on in Lambda: automatic mode (cls-hooked), no error logged at load", () => {
    const loaded = loadTracer({ LAMBDA_TASK_ROOT: root, AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x", AWS_LAMBDA_FUNCTION_NAME: "probe" });
    expect(loaded).toMatchObject({ automatic: true, tracing: true, manualModeVariable: null });
    expect(loaded.stderr).not.toMatch(/manual mode|sub\/segment/i);
  }, 30_000);

  test("a context-missing strategy the operator set is kept", () => {
    const loaded = loadTracer({ DYNAMODB_ENDPOINT: "http://127.0.0.1:8000", AWS_XRAY_CONTEXT_MISSING: "RUNTIME_ERROR" });
    expect(loaded).toMatchObject({ automatic: false, contextMissingVariable: "RUNTIME_ERROR" });
  }, 30_000);
});
