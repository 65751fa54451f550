import fc from "fast-check";
import { readFileSync } from "node:fs";
import { routes } from "../../lib/api/routes.js";
import { invoke, type TestRequest } from "../support/lambda.js";
import { bearer, createTestUser } from "../support/users.js";

/** Every HTTP function of serverless.yml, by the route it serves (read from the one definition). */
function handlerFiles(): Map<string, string> {
  const yml = readFileSync(new URL("../../serverless.yml", import.meta.url), "utf8");
  const map = new Map<string, string>();
  const pattern = /handler: (functions\/[\w/-]+)\.handler\s+(?:#.*\s+)?events:\s+- httpApi:\s+method: (\w+)\s+path: "([^"]+)"/g;
  for (const match of yml.matchAll(pattern)) map.set(`${match[2]} ${match[3]}`, match[1]!);
  return map;
}

/** Plausible values mixed with junk, so that requests get past the first check often enough to go deep. */
const plausible = fc.constantFrom("SELF", "2031-03-10", "2031-03-17", "2031-03-10T09:00:00Z", "2031-03-10T09:00", "UTC", "Europe/Paris", "09:00", "busy", "30", "SELF,SELF");
const junk = fc.oneof(
  plausible,
  plausible,
  fc.string({ maxLength: 40 }),
  fc.constantFrom("2031-02-30", "2031-02-30T09:00:00Z", "24:00", "-1", "NaN", "1e400", "Mars/Base", "", " ", "__proto__", "../../etc"),
  fc.integer().map(String),
);
const jsonJunk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom("start", "end", "status", "user_id", "owner", "request_date", "invitee", "timezone", "start_time", "end_time", "user_id_2"), junk),
  fc.dictionary(fc.constantFrom("start", "end", "status", "availability_rules", "availability", "user_id", "owner", "request_date", "invitee", "weekly", "timezone", "settings", "duration", "durationMinutes", "cancelToken", "user_id_2"), fc.jsonValue({ maxDepth: 3 })),
);

describe("no input makes any route answer 5xx", () => {
  let user: { id: string; apiKey: string };
  beforeAll(async () => {
    user = await createTestUser();
  });

  const files = handlerFiles();
  test("every route has a function", () => {
    expect(files.size).toBe(routes.length);
  });

  test.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))("%s", async (key, route) => {
    const { handler } = (await import(`../../${files.get(key)}.js`)) as { handler: Parameters<typeof invoke>[0] };
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          params: fc.dictionary(fc.constantFrom("userId", "bookingId", "userId2"), junk),
          query: fc.dictionary(fc.constantFrom("from", "to", "timezone", "user_id", "owner", "request_date", "start", "end", "users", "limit", "cursor", "user_id_2", "minMinutes", "slotMinutes"), junk),
          body: fc.option(fc.oneof(jsonJunk, fc.string({ maxLength: 40 })), { nil: undefined }),
          keyed: fc.boolean(),
        }),
        async ({ params, query, body, keyed }) => {
          const self = (value: string) => value.replaceAll("SELF", user.id);
          const fill = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, self(v)]));
          const request: TestRequest = {
            method: route.method,
            path: route.path,
            pathParameters: fill(params),
            query: fill(query),
            headers: keyed ? bearer(user.apiKey) : {},
            body: body === undefined ? undefined : JSON.parse(self(JSON.stringify(body))),
          };
          const response = await invoke(handler, request);
          expect(response.status).toBeLessThan(500);
          expect(response.body).toEqual(response.status === 304 || response.status < 300 ? expect.anything() : expect.objectContaining({ code: expect.any(String) }));
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
