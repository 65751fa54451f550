// Deployed functions take the admin key from SSM (lib/config/secrets.ts): handlers loaded as on Lambda,
// against DynamoDB Local and a local server speaking SSM's protocol (the real SDK client talks to it).
import { randomBytes } from "node:crypto";
import { jest } from "@jest/globals";
import type { HttpHandler } from "../../lib/http/handler.js";
import { TEST_ADMIN_KEY } from "../support/constants.js";
import { invoke } from "../support/lambda.js";
import { startFakeSsm, type FakeSsm } from "../support/ssm-server.js";

const ADMIN_PARAMETER = "/presence-scheduling/test/admin-api-key";
const SECRET_PARAMETER = "/presence-scheduling/test/service-secret";
const ADMIN_KEY = "admin-key-from-ssm-0123456789abcdefghij";

let ssm: FakeSsm;
const saved = { ...process.env };
const realNow = Date.now;

/** The handlers of a freshly started function (a new module registry, as a new Lambda container). */
async function startFunction(): Promise<{ createUser: HttpHandler; getUser: HttpHandler }> {
  let handlers: { createUser: HttpHandler; getUser: HttpHandler } | undefined;
  await jest.isolateModulesAsync(async () => {
    const { handler: createUser } = await import("../../functions/users/create-user.js");
    const { handler: getUser } = await import("../../functions/users/get-user.js");
    handlers = { createUser, getUser };
  });
  return handlers!;
}

const uniqueId = () => `sec-${randomBytes(5).toString("hex")}`;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const createUser = (fn: { createUser: HttpHandler }, key: string) =>
  invoke(fn.createUser, { method: "POST", path: "/v1/users", headers: bearer(key), body: { id: uniqueId() } });

beforeAll(async () => {
  ssm = await startFakeSsm();
});
afterAll(async () => {
  await ssm.close();
});

beforeEach(() => {
  // As on Lambda: the runtime API is there, the parameters are named, no plain secrets in the environment.
  process.env = {
    ...saved,
    AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001",
    ADMIN_API_KEY_PARAMETER: ADMIN_PARAMETER,
    SERVICE_SECRET_PARAMETER: SECRET_PARAMETER,
    SSM_ENDPOINT: ssm.endpoint,
  };
  delete process.env.ADMIN_API_KEY;
  delete process.env.SERVICE_SECRET;
  delete process.env.IS_OFFLINE;
  ssm.parameters.clear();
  ssm.parameters.set(ADMIN_PARAMETER, { type: "SecureString", value: ADMIN_KEY });
  ssm.parameters.set(SECRET_PARAMETER, { type: "SecureString", value: "service-secret-from-ssm-0123456789abcdef" });
  ssm.requests.length = 0;
  ssm.failure = undefined;
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...saved };
});

const advanceClock = (ms: number) => jest.spyOn(Date, "now").mockImplementation(() => realNow.call(Date) + ms);

test("the admin key is the one in SSM, read once when the function starts", async () => {
  const fn = await startFunction();
  expect(ssm.requests).toHaveLength(1);
  const created = await createUser(fn, ADMIN_KEY);
  expect(created.status).toBe(201);
  // The development key of the local runs is nobody on AWS.
  expect((await createUser(fn, TEST_ADMIN_KEY)).status).toBe(401);
  // A user's key is checked against the database as before.
  const read = await invoke(fn.getUser, {
    method: "GET",
    path: `/v1/users/${created.body.id}`,
    pathParameters: { userId: created.body.id },
    headers: bearer(created.body.apiKey),
  });
  expect(read.status).toBe(200);
  expect(ssm.requests).toHaveLength(1);
});

test("a key rotated in SSM replaces the old one within 5 minutes", async () => {
  const fn = await startFunction();
  const rotated = "rotated-admin-key-0123456789abcdefghijk";
  ssm.parameters.set(ADMIN_PARAMETER, { type: "SecureString", value: rotated });
  expect((await createUser(fn, ADMIN_KEY)).status).toBe(201);
  advanceClock(5 * 60_000 + 1_000);
  expect((await createUser(fn, ADMIN_KEY)).status).toBe(401);
  expect((await createUser(fn, rotated)).status).toBe(201);
});

test("when the admin key cannot be read again, nobody is admin (503, nothing leaked) and users' keys still work", async () => {
  const fn = await startFunction();
  const user = await createUser(fn, ADMIN_KEY);
  expect(user.status).toBe(201);
  ssm.failure = { status: 400, type: "AccessDeniedException", message: `not authorized on ${ADMIN_PARAMETER}` };
  advanceClock(5 * 60_000 + 1_000);

  for (const key of [ADMIN_KEY, "anything-else"]) {
    const refused = await createUser(fn, key);
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ error: "The service cannot check this key right now; try again later", code: "secret_unavailable" });
    expect(refused.raw).not.toContain(ADMIN_KEY);
    expect(refused.raw).not.toMatch(/ssm|AccessDenied|admin-api-key/i);
  }
  const read = await invoke(fn.getUser, {
    method: "GET",
    path: `/v1/users/${user.body.id}`,
    pathParameters: { userId: user.body.id },
    headers: bearer(user.body.apiKey),
  });
  expect(read.status).toBe(200);

  ssm.failure = undefined;
  expect((await createUser(fn, ADMIN_KEY)).status).toBe(201);
});

test("a function whose admin key in SSM is under 32 characters refuses to start", async () => {
  ssm.parameters.set(ADMIN_PARAMETER, { type: "SecureString", value: "admin-key-of-31-characters-0123" });
  await expect(startFunction()).rejects.toThrow(`ADMIN_API_KEY (SSM parameter ${ADMIN_PARAMETER}) must be at least 32 characters: refused`);
});

test("a function with a plain ADMIN_API_KEY in its environment refuses to start", async () => {
  process.env.ADMIN_API_KEY = ADMIN_KEY;
  await expect(startFunction()).rejects.toThrow(/^ADMIN_API_KEY is set as a plain environment variable/);
  expect(ssm.requests).toHaveLength(0);
});
