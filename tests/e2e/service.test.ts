import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile, execFileSync, spawn } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { call, processesUsing, startService, type RunningService } from "../support/service-process.js";

const E2E_TIMEOUT = 420_000;
const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("npm start, over HTTP", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "presence-e2e-"));
  let service: RunningService | undefined;

  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("create user → set status → get status → expiry; data survives a restart; stopping leaves nothing", async () => {
    service = await startService({ dataDir });
    expect(service.output()).toContain(`Admin key: ${service.adminKey}`);
    expect(service.output()).toMatch(/POST\s+\/set_status/);

    const created = await call(service, "POST", "/v1/users", { key: service.adminKey, body: { id: "e2e-ann", timezone: "Europe/Paris" } });
    expect(created.status).toBe(201);
    const apiKey: string = created.body.apiKey;

    // 0.05 minutes = 3 seconds.
    const set = await call(service, "POST", "/set_status", { headers: { token: apiKey }, body: { status: "busy", duration: 0.05 } });
    expect(set.status).toBe(200);
    expect(set.body.message).toBe("Status Updated");

    const busy = await call(service, "GET", "/get_status?user_id=e2e-ann");
    expect(busy.status).toBe(200);
    expect(busy.body).toEqual({ user_id: "e2e-ann", status: "busy", source: "manual", expiration_time: set.body.expiration_time });
    const v1 = await call(service, "GET", "/v1/users/e2e-ann/status");
    expect(v1.body).toMatchObject({ status: "busy", source: "manual" });

    await sleep(Math.max(0, Date.parse(set.body.expiration_time) - Date.now()) + 500);
    const expired = await call(service, "GET", "/get_status?user_id=e2e-ann");
    expect(expired.body).toEqual({ user_id: "e2e-ann", status: "available", source: "default", expiration_time: null });

    const unknownRoute = await call(service, "GET", "/no/such/route");
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.body.code).toBe("route_not_found");

    // Packaging (npm run package, bench:cold-start) deletes its build folder when done; the running
    // service has its own, so a function it has not loaded yet still loads afterwards.
    const bundles = join(projectRoot, ".esbuild-offline", new URL(service.baseUrl).port);
    expect(existsSync(join(bundles, ".build", "functions", "users", "get-user.js"))).toBe(true);
    const packageDir = mkdtempSync(join(tmpdir(), "presence-e2e-package-"));
    try {
      // Not execFileSync: a blocked event loop misses the server closing idle keep-alive sockets.
      await run(join(projectRoot, "node_modules/.bin/serverless"), ["package", "--package", packageDir], { cwd: projectRoot });
    } finally {
      rmSync(packageDir, { recursive: true, force: true });
    }
    const notLoadedBefore = await call(service, "GET", "/v1/users/e2e-ann", { key: apiKey });
    expect(notLoadedBefore.status).toBe(200);
    // (serverless offline answers a handler it cannot load with an error body, status 200)
    expect(notLoadedBefore.body).toMatchObject({ id: "e2e-ann", timezone: "Europe/Paris" });

    const ports = service.ports;
    expect(processesUsing(ports).length).toBeGreaterThan(0);
    expect(await service.stop()).toBe(0);
    expect(processesUsing(ports)).toEqual([]);
    expect(existsSync(bundles)).toBe(false);

    // Same data folder: the user and their key are still there.
    service = await startService({ dataDir });
    const again = await call(service, "GET", "/v1/users/e2e-ann", { key: apiKey });
    expect(again.status).toBe(200);
    expect(again.body.timezone).toBe("Europe/Paris");
    const secondPorts = service.ports;
    expect(await service.stop()).toBe(0);
    expect(processesUsing(secondPorts)).toEqual([]);
    service = undefined;
  }, E2E_TIMEOUT);

  test("ending the process that started it (npm, a supervisor) stops everything, as SIGTERM does", async () => {
    // `npm start` runs the script under `sh -c`; a SIGTERM to npm ends npm and that shell, not the script.
    const underShell = await startService({ underShell: true });
    const ports = underShell.ports;
    let script: number | undefined;
    try {
      expect(processesUsing(ports).length).toBeGreaterThan(0);
      script = Number(execFileSync("pgrep", ["-P", String(underShell.child.pid)], { encoding: "utf8" }).trim());
      await underShell.stop(); // SIGTERM to the shell, which ends it and leaves the script running
      for (let waited = 0; processesUsing(ports).length > 0 && waited < 20_000; waited += 250) await sleep(250);
      expect(processesUsing(ports)).toEqual([]);
      expect(existsSync(join(projectRoot, ".esbuild-offline", new URL(underShell.baseUrl).port))).toBe(false);
    } finally {
      // After a failure: the script stops the rest when it gets SIGTERM.
      if (script && processesUsing(ports).length > 0) process.kill(script, "SIGTERM");
    }
  }, E2E_TIMEOUT);

  test("a port already in use is a one-line error naming the port", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, ["scripts/start.ts"], {
        env: { ...process.env, PORT: String(port), DYNAMODB_IN_MEMORY: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += chunk));
      const code = await new Promise((resolve) => child.once("exit", resolve));
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toContain(`port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  }, E2E_TIMEOUT);
});
