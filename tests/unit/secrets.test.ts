// The admin key and SERVICE_SECRET: plain environment variables locally, SSM SecureString parameters on
// AWS (lib/config/secrets.ts). SSM is a local server speaking its protocol; the SDK client is the real one.
import { jest } from "@jest/globals";
import {
  adminApiKey,
  FORCED_READ_INTERVAL_MS,
  forgetLoadedSecrets,
  loadSecrets,
  runsOnAws,
  SECRET_MAX_AGE_MS,
  SecretUnavailableError,
  serviceSecrets,
} from "../../lib/config/secrets.js";
import { logger } from "../../lib/observability/logger.js";
import { startFakeSsm, type FakeSsm } from "../support/ssm-server.js";

/** SERVICE_SECRET as sealing reads it. */
const serviceSecret = () => serviceSecrets().current;
const ADMIN_PARAMETER = "/presence-scheduling/test/admin-api-key";
const SECRET_PARAMETER = "/presence-scheduling/test/service-secret";
const PREVIOUS_PARAMETER = "/presence-scheduling/test/service-secret-previous";
const ADMIN_KEY = "admin-key-from-ssm-0123456789abcdefghij";
const SERVICE_SECRET = "service-secret-from-ssm-0123456789abcdef";

let ssm: FakeSsm;
const saved = { ...process.env };

beforeAll(async () => {
  ssm = await startFakeSsm();
});
afterAll(async () => {
  await ssm.close();
});

/** As on Lambda: the runtime API is there, no local marker, the parameters named, no plain values. */
function onAws(): void {
  process.env.AWS_LAMBDA_RUNTIME_API = "127.0.0.1:9001";
  process.env.AWS_LAMBDA_FUNCTION_NAME = "presence-scheduling-test-createUser";
  delete process.env.IS_OFFLINE;
  delete process.env.IS_LOCAL;
  delete process.env.ADMIN_API_KEY;
  delete process.env.SERVICE_SECRET;
  process.env.ADMIN_API_KEY_PARAMETER = ADMIN_PARAMETER;
  process.env.SERVICE_SECRET_PARAMETER = SECRET_PARAMETER;
  // Named as serverless.yml names it; the parameter itself exists only after a rotation.
  process.env.SERVICE_SECRET_PREVIOUS_PARAMETER = PREVIOUS_PARAMETER;
  delete process.env.SERVICE_SECRET_PREVIOUS;
  process.env.SSM_ENDPOINT = ssm.endpoint;
  process.env.AWS_REGION = "eu-west-1";
}

beforeEach(() => {
  process.env = { ...saved };
  ssm.parameters.clear();
  ssm.parameters.set(ADMIN_PARAMETER, { type: "SecureString", value: ADMIN_KEY });
  ssm.parameters.set(SECRET_PARAMETER, { type: "SecureString", value: SERVICE_SECRET });
  ssm.requests.length = 0;
  ssm.failure = undefined;
  forgetLoadedSecrets();
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...saved };
});

const realNow = Date.now;
/** Sets the clock `ms` ahead of the real one (the cache and the SDK both read Date.now). */
function advanceClock(ms: number): void {
  jest.spyOn(Date, "now").mockImplementation(() => realNow.call(Date) + ms);
}

/** The rejection of a promise that must reject. */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("on AWS", () => {
  beforeEach(onAws);

  test("both secrets come from their SecureString parameters, decrypted, in one signed request", async () => {
    expect(runsOnAws()).toBe(true);
    await loadSecrets();
    expect(await adminApiKey()).toBe(ADMIN_KEY);
    expect(serviceSecret()).toBe(SERVICE_SECRET);
    expect(ssm.requests).toEqual([
      { target: "AmazonSSM.GetParameters", body: { Names: [ADMIN_PARAMETER, SECRET_PARAMETER, PREVIOUS_PARAMETER], WithDecryption: true }, signed: true },
    ]);
  });

  test("SERVICE_SECRET_PREVIOUS comes from its own parameter in the same request, and may not exist", async () => {
    await loadSecrets();
    expect(serviceSecrets()).toEqual({ current: SERVICE_SECRET, previous: undefined });
    const previous = "previous-service-secret-0123456789abcdef";
    ssm.parameters.set(PREVIOUS_PARAMETER, { type: "SecureString", value: previous });
    forgetLoadedSecrets();
    await loadSecrets();
    expect(serviceSecrets()).toEqual({ current: SERVICE_SECRET, previous });
    expect(ssm.requests.map((r) => r.body.Names)).toEqual([
      [ADMIN_PARAMETER, SECRET_PARAMETER, PREVIOUS_PARAMETER],
      [ADMIN_PARAMETER, SECRET_PARAMETER, PREVIOUS_PARAMETER],
    ]);
    // Checked as the others are, once it exists.
    ssm.parameters.set(PREVIOUS_PARAMETER, { type: "SecureString", value: "short-previous" });
    forgetLoadedSecrets();
    expect((await failureOf(loadSecrets())).message).toBe(`SERVICE_SECRET_PREVIOUS (SSM parameter ${PREVIOUS_PARAMETER}) must be at least 32 characters: refused`);
    ssm.parameters.set(PREVIOUS_PARAMETER, { type: "String", value: previous });
    expect((await failureOf(loadSecrets())).message).toMatch(/must be a SecureString, not String/);
    // A plain value in the function's environment is refused, as for the others.
    process.env.SERVICE_SECRET_PREVIOUS = previous;
    expect((await failureOf(loadSecrets())).message).toMatch(/^SERVICE_SECRET_PREVIOUS is set as a plain environment variable/);
  });

  test("values are kept for 5 minutes, then read again: a rotation is picked up", async () => {
    await loadSecrets();
    const rotated = "rotated-admin-key-0123456789abcdefghijk";
    ssm.parameters.set(ADMIN_PARAMETER, { type: "SecureString", value: rotated });
    advanceClock(SECRET_MAX_AGE_MS - 1_000);
    expect(await adminApiKey()).toBe(ADMIN_KEY);
    expect(ssm.requests).toHaveLength(1);
    advanceClock(SECRET_MAX_AGE_MS + 1_000);
    expect(await adminApiKey()).toBe(rotated);
    expect(ssm.requests).toHaveLength(2);
  });

  test("a stale SERVICE_SECRET is read again in the background; a failed read keeps the last good value", async () => {
    await loadSecrets();
    const rotated = "rotated-service-secret-0123456789abcdef";
    ssm.parameters.set(SECRET_PARAMETER, { type: "SecureString", value: rotated });
    ssm.failure = { status: 400, type: "AccessDeniedException", message: "not allowed" };
    const logged = jest.spyOn(logger, "error");
    advanceClock(SECRET_MAX_AGE_MS + 1_000);
    expect(serviceSecret()).toBe(SERVICE_SECRET);
    // The background read fails, and says so. (How many requests it takes is the SDK's business: the
    // clock advanced here is also a clock skew to the SDK, which corrects it and tries again.)
    await waitFor(() => logged.mock.calls.length === 1);
    expect(logged.mock.calls[0]?.[0]).toMatch(/SERVICE_SECRET could not be read again; the last good value stays in use/);
    expect(JSON.stringify(logged.mock.calls[0])).toMatch(/AccessDeniedException/);
    expect(ssm.requests.length).toBeGreaterThanOrEqual(2);
    expect(serviceSecret()).toBe(SERVICE_SECRET);

    ssm.failure = undefined;
    await waitFor(() => serviceSecret() === rotated);
    expect(ssm.requests.length).toBeGreaterThanOrEqual(3);
  });

  test("after 5 minutes, an admin key that cannot be read again is no admin key (not the old one)", async () => {
    await loadSecrets();
    ssm.failure = { status: 500, type: "InternalServerError", message: "down" };
    advanceClock(SECRET_MAX_AGE_MS + 1_000);
    const error = await failureOf(adminApiKey());
    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect(error.message).toMatch(/Cannot read the SSM parameters .*admin-api-key.*InternalServerError/);
    ssm.failure = undefined;
    expect(await adminApiKey()).toBe(ADMIN_KEY);
  });

  test.each([
    ["ADMIN_API_KEY", ADMIN_PARAMETER],
    ["SERVICE_SECRET", SECRET_PARAMETER],
  ])("%s under 32 characters is refused, naming the setting and never the value", async (setting, parameter) => {
    const short = "short-secret-0123456789abcdefgh"; // 31 characters
    expect(short).toHaveLength(31);
    ssm.parameters.set(parameter, { type: "SecureString", value: short });
    const error = await failureOf(loadSecrets());
    expect(error.message).toBe(`${setting} (SSM parameter ${parameter}) must be at least 32 characters: refused`);
    expect(error.message).not.toContain(short);
    await expect(adminApiKey()).rejects.toThrow(/at least 32 characters/);
    expect(() => serviceSecret()).toThrow(SecretUnavailableError);
  });

  test("exactly 32 characters is enough", async () => {
    const value = "x".repeat(32);
    ssm.parameters.set(ADMIN_PARAMETER, { type: "SecureString", value });
    expect(await adminApiKey()).toBe(value);
  });

  test("a parameter that is missing, or a plain String, is refused", async () => {
    ssm.parameters.delete(SECRET_PARAMETER);
    expect((await failureOf(loadSecrets())).message).toBe(`The SSM parameter ${SECRET_PARAMETER} (SERVICE_SECRET) does not exist or cannot be read`);
    ssm.parameters.set(SECRET_PARAMETER, { type: "String", value: SERVICE_SECRET });
    const error = await failureOf(loadSecrets());
    expect(error.message).toBe(`The SSM parameter ${SECRET_PARAMETER} (SERVICE_SECRET) must be a SecureString, not String`);
    expect(error.message).not.toContain(SERVICE_SECRET);
  });

  test("an SSM error is a clear error with its reason, never a value", async () => {
    ssm.failure = { status: 400, type: "AccessDeniedException", message: "User is not authorized to perform: ssm:GetParameters" };
    const error = await failureOf(loadSecrets());
    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect(error.message).toMatch(/^Cannot read the SSM parameters .* \(ADMIN_API_KEY, SERVICE_SECRET\): AccessDeniedException: User is not authorized/);
    expect(error.message).not.toContain(ADMIN_KEY);
  });

  test("a plain ADMIN_API_KEY or SERVICE_SECRET in the environment is refused, before asking SSM", async () => {
    process.env.ADMIN_API_KEY = ADMIN_KEY;
    const error = await failureOf(loadSecrets());
    expect(error.message).toMatch(/^ADMIN_API_KEY is set as a plain environment variable/);
    expect(error.message).not.toContain(ADMIN_KEY);
    delete process.env.ADMIN_API_KEY;
    process.env.SERVICE_SECRET = SERVICE_SECRET;
    expect((await failureOf(loadSecrets())).message).toMatch(/^SERVICE_SECRET is set as a plain environment variable/);
    expect(ssm.requests).toHaveLength(0);
  });

  test("a parameter that is not named is refused", async () => {
    delete process.env.ADMIN_API_KEY_PARAMETER;
    expect((await failureOf(loadSecrets())).message).toMatch(/^ADMIN_API_KEY_PARAMETER is not set/);
    expect(ssm.requests).toHaveLength(0);
  });

  test("a deployed function refuses to start: importing the module fails when the secrets cannot be loaded", async () => {
    ssm.parameters.set(ADMIN_PARAMETER, { type: "SecureString", value: "too-short" });
    const error = await failureOf(jest.isolateModulesAsync(async () => void (await import("../../lib/config/secrets.js"))));
    expect(error.message).toBe(`ADMIN_API_KEY (SSM parameter ${ADMIN_PARAMETER}) must be at least 32 characters: refused`);
  });

  test("a deployed function that starts seals under the SERVICE_SECRET from SSM", async () => {
    let sealed = "";
    await jest.isolateModulesAsync(async () => {
      const { seal } = await import("../../lib/security/sealed.js");
      expect(ssm.requests).toHaveLength(1);
      sealed = seal({ cancelToken: "token" }, "context");
    });
    // Opened locally under the same secret, and not under another.
    process.env = { ...saved, SERVICE_SECRET };
    const { openSealed } = await import("../../lib/security/sealed.js");
    expect(openSealed(sealed, "context").value).toEqual({ cancelToken: "token" });
    process.env.SERVICE_SECRET = "another-secret-0123456789abcdefghijklmn";
    expect(() => openSealed(sealed, "context").value).toThrow();
  });
});

describe("on AWS, in the minutes after a SERVICE_SECRET rotation", () => {
  beforeEach(onAws);
  const ROTATED = "rotated-service-secret-0123456789abcdef";

  test("a value sealed by an instance that already has the new secret opens on one that has only the old: it reads the secrets again at once", async () => {
    const { seal, openSealed, openSealedAnywhere } = await import("../../lib/security/sealed.js");
    // Another instance, started after the rotation, seals under the new secret.
    ssm.parameters.set(SECRET_PARAMETER, { type: "SecureString", value: ROTATED });
    await loadSecrets();
    const sealedByNewInstance = seal({ cancelToken: "token" }, "context");
    // This instance read SSM before the rotation (its values are fresh for minutes yet).
    forgetLoadedSecrets();
    ssm.parameters.set(SECRET_PARAMETER, { type: "SecureString", value: SERVICE_SECRET });
    await loadSecrets();
    expect(() => openSealed(sealedByNewInstance, "context")).toThrow();
    // The rotation as the README does it: the old secret becomes the previous one, the new one current.
    ssm.parameters.set(PREVIOUS_PARAMETER, { type: "SecureString", value: SERVICE_SECRET });
    ssm.parameters.set(SECRET_PARAMETER, { type: "SecureString", value: ROTATED });
    ssm.requests.length = 0;

    expect(await openSealedAnywhere(sealedByNewInstance, "context")).toEqual({ value: { cancelToken: "token" }, underPrevious: false });
    expect(ssm.requests).toHaveLength(1);
    expect(serviceSecrets()).toEqual({ current: ROTATED, previous: SERVICE_SECRET });
  });

  test("a value that opens under no secret makes an instance read SSM at most once every 10 s, and is still refused", async () => {
    const { seal, openSealedAnywhere } = await import("../../lib/security/sealed.js");
    await loadSecrets();
    const bytes = Buffer.from(seal({ cancelToken: "token" }, "context"), "base64url");
    bytes[bytes.length - 1]! ^= 1;
    const altered = bytes.toString("base64url");
    ssm.requests.length = 0;

    await expect(openSealedAnywhere(altered, "context")).rejects.toThrow();
    expect(ssm.requests).toHaveLength(1);
    await expect(openSealedAnywhere(altered, "context")).rejects.toThrow();
    expect(ssm.requests).toHaveLength(1);
    advanceClock(FORCED_READ_INTERVAL_MS + 1_000);
    await expect(openSealedAnywhere(altered, "context")).rejects.toThrow();
    expect(ssm.requests).toHaveLength(2);
    // What opens never asks SSM.
    expect((await openSealedAnywhere(seal("fine", "context"), "context")).value).toBe("fine");
    expect(ssm.requests).toHaveLength(2);
  });
});

describe("locally (npm start, serverless offline or invoke local, the tests)", () => {
  test.each([
    ["no runtime API", {}],
    ["serverless offline", { AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001", IS_OFFLINE: "true" }],
    ["serverless invoke local", { AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001", IS_LOCAL: "true" }],
  ])("%s: plain environment values, the parameters ignored, SSM never asked", async (_, markers) => {
    onAws();
    delete process.env.AWS_LAMBDA_RUNTIME_API;
    Object.assign(process.env, markers, { ADMIN_API_KEY: "dev-admin-key-change-me", SERVICE_SECRET: "dev-service-secret-change-me-0123456789" });
    expect(runsOnAws()).toBe(false);
    await loadSecrets();
    // The development default admin key is shorter than 32 characters: allowed here only.
    expect(await adminApiKey()).toBe("dev-admin-key-change-me");
    expect(serviceSecret()).toBe("dev-service-secret-change-me-0123456789");
    delete process.env.ADMIN_API_KEY;
    expect(await adminApiKey()).toBeUndefined();
    expect(ssm.requests).toHaveLength(0);
  });

  test("SERVICE_SECRET is still required, and at least 32 characters", () => {
    process.env.SERVICE_SECRET = "x".repeat(31);
    expect(() => serviceSecret()).toThrow("SERVICE_SECRET must be at least 32 characters");
    delete process.env.SERVICE_SECRET;
    expect(() => serviceSecret()).toThrow("Missing environment variable SERVICE_SECRET");
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
