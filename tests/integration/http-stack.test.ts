import { handler as notFound } from "../../functions/meta/not-found.js";
import { handler as openApi } from "../../functions/meta/openapi.js";
import { handler as getStatus } from "../../functions/status/get-status.js";
import { routes } from "../../lib/api/routes.js";
import { httpStack } from "../../lib/http/handler.js";
import { loadServiceConfig } from "../../scripts/local/service-config.ts";
import { invoke } from "../support/lambda.js";

describe("the catch-all route", () => {
  test("an unknown path is a JSON 404", async () => {
    const response = await invoke(notFound, { method: "GET", path: "/v2/whatever" });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "No route for GET /v2/whatever", code: "route_not_found" });
  });

  test("a known path with another method is a JSON 405 with Allow", async () => {
    const response = await invoke(notFound, { method: "DELETE", path: "/v1/users" });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("POST");
    expect(response.body).toMatchObject({ code: "method_not_allowed", details: { allowed: ["POST"] } });
  });

  test("a CORS preflight is answered", async () => {
    const response = await invoke(notFound, {
      method: "OPTIONS",
      path: "/v1/users",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(response.status).toBe(204);
    expect(response.headers["Access-Control-Allow-Origin"]).toBe("*");
    expect(response.headers["Access-Control-Allow-Headers"]).toContain("authorization");
  });
});

describe("every response", () => {
  test("carries security and CORS headers, errors included", async () => {
    const response = await invoke(getStatus, { method: "GET", path: "/v1/users/nobody-x/status", pathParameters: { userId: "nobody-x" }, headers: { origin: "https://app.example" } });
    expect(response.status).toBe(404);
    expect(response.headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(response.headers["Access-Control-Allow-Origin"]).toBe("*");
  });

  test("a bug is a bare 500 that leaks no stack or message", async () => {
    const broken = httpStack(undefined, async () => {
      throw new Error("secret internals at /var/task/index.mjs:12");
    });
    const response = await invoke(broken, { method: "GET", path: "/broken" });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: "Internal server error", code: "internal_error" });
    expect(response.raw).not.toContain("secret internals");
  });
});

describe("GET /openapi.json", () => {
  test("is an OpenAPI 3.1 document listing every route with its schemas and auth", async () => {
    const response = await invoke(openApi, { method: "GET", path: "/openapi.json" });
    expect(response.status).toBe(200);
    const doc = response.body;
    expect(doc.openapi).toBe("3.1.0");
    for (const route of routes) {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation).toBeDefined();
      expect(operation.operationId).toBe(route.operationId);
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      if (route.body) expect(operation.requestBody.content["application/json"].schema).toBeDefined();
      expect(Array.isArray(operation.security)).toBe(true);
    }
    const createUser = doc.paths["/v1/users"].post;
    expect(createUser.security).toEqual([{ adminKey: [] }]);
    expect(createUser.requestBody.content["application/json"].schema.properties).toHaveProperty("timezone");
    expect(doc.components.schemas.User.properties).toHaveProperty("calendarUrl");
    expect(JSON.stringify(doc)).not.toContain("#/$defs/");
  });
});

describe("serverless.yml", () => {
  test("declares a function for exactly the routes the API defines", async () => {
    const config = await loadServiceConfig("test");
    const declared = Object.values(config.functions)
      .flatMap((fn) => fn.events ?? [])
      .map((event) => (event as { httpApi?: unknown }).httpApi)
      .filter((http): http is { method: string; path: string } => typeof http === "object" && http !== null)
      .map((http) => `${http.method} ${http.path}`)
      .sort();
    expect(declared).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  test("throttles every route, and the routes callable without a key with limits of their own", async () => {
    const { throttles } = await loadServiceConfig("test");
    expect(throttles.default).toEqual({ ThrottlingBurstLimit: expect.any(Number), ThrottlingRateLimit: expect.any(Number) });
    const open = routes.filter((route) => route.auth === "public" || route.auth === "optional").map((route) => `${route.method} ${route.path}`);
    expect(Object.keys(throttles.routes).sort()).toEqual(open.sort());
    for (const limits of Object.values(throttles.routes)) {
      expect(limits.ThrottlingRateLimit).toBeLessThan(throttles.default!.ThrottlingRateLimit!);
      expect(limits.ThrottlingBurstLimit).toBeGreaterThanOrEqual(limits.ThrottlingRateLimit!);
    }
  });
});

describe("events/", () => {
  test("holds a sample event for every function of serverless.yml", async () => {
    const { readdirSync } = await import("node:fs");
    const samples = new Set(readdirSync(new URL("../../events/", import.meta.url)));
    const config = await loadServiceConfig("test");
    const missing = Object.values(config.functions)
      .map((fn) => {
        const [, dir, name] = /^functions\/([\w-]+)\/([\w-]+)\.handler$/.exec(fn.handler)!;
        return `${dir === "seed" ? "seed-" : ""}${name}.json`;
      })
      .filter((file) => !samples.has(file));
    expect(missing).toEqual([]);
  });
});
