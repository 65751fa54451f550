import { handler as createUser } from "../../functions/users/create-user.js";
import { handler as getUser } from "../../functions/users/get-user.js";
import { handler as rotateApiKey } from "../../functions/users/rotate-api-key.js";
import { handler as updateUser } from "../../functions/users/update-user.js";
import { findUser } from "../../lib/data/users-repo.js";
import { invoke } from "../support/lambda.js";
import { adminHeaders, bearer, createTestUser, uniqueId } from "../support/users.js";

const userPath = (id: string) => ({ path: `/v1/users/${id}`, pathParameters: { userId: id } });

describe("POST /v1/users", () => {
  test("creates a user, shows the key once and stores only its hash", async () => {
    const id = uniqueId("ann");
    const response = await invoke(createUser, {
      method: "POST",
      path: "/v1/users",
      headers: adminHeaders,
      body: { id, name: "Ann", timezone: "europe/paris", calendarUrl: "https://calendar.example.com/ann.ics" },
    });
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/v1/users/${id}`);
    expect(response.body).toMatchObject({
      id,
      name: "Ann",
      timezone: "Europe/Paris",
      calendarUrl: "https://calendar.example.com/ann.ics",
    });
    const apiKey: string = response.body.apiKey;
    const secret = apiKey.split(".")[1]!;
    expect(Buffer.from(secret, "base64url").length).toBeGreaterThanOrEqual(16);

    const stored = await findUser(id);
    expect(stored?.apiKeyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(secret);

    const read = await invoke(getUser, { method: "GET", ...userPath(id), headers: bearer(apiKey) });
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty("apiKey");
    expect(read.body).not.toHaveProperty("apiKeyHash");
  });

  test("generates an id and defaults the zone to UTC", async () => {
    const response = await invoke(createUser, { method: "POST", path: "/v1/users", headers: adminHeaders });
    expect(response.status).toBe(201);
    expect(response.body.id).toMatch(/^u-[a-z0-9]{12}$/);
    expect(response.body.timezone).toBe("UTC");
    expect(response.body.calendarUrl).toBeNull();
  });

  test("a taken id is a 409 and the first user keeps their key", async () => {
    const first = await createTestUser();
    const again = await invoke(createUser, {
      method: "POST",
      path: "/v1/users",
      headers: adminHeaders,
      body: { id: first.id, name: "Impostor" },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("user_exists");
    const read = await invoke(getUser, { method: "GET", ...userPath(first.id), headers: bearer(first.apiKey) });
    expect(read.status).toBe(200);
    expect(read.body.name).toBe(first.id);
  });
});

describe("reading and updating a user", () => {
  test("the user updates their name, zone and calendar URL, and removes the URL with null", async () => {
    const user = await createTestUser();
    const updated = await invoke(updateUser, {
      method: "PATCH",
      ...userPath(user.id),
      headers: bearer(user.apiKey),
      body: { name: "Bea", timezone: "America/New_York", calendarUrl: "webcal://example.com/bea.ics" },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "Bea", timezone: "America/New_York", calendarUrl: "webcal://example.com/bea.ics" });

    const cleared = await invoke(updateUser, {
      method: "PATCH",
      ...userPath(user.id),
      headers: bearer(user.apiKey),
      body: { calendarUrl: null },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.calendarUrl).toBeNull();
    expect((await findUser(user.id))?.calendarUrl).toBeNull();
  });

  test("the admin may read anyone; an unknown user is a 404 for the admin", async () => {
    const user = await createTestUser();
    expect((await invoke(getUser, { method: "GET", ...userPath(user.id), headers: adminHeaders })).status).toBe(200);
    const missing = await invoke(getUser, { method: "GET", ...userPath("nobody-here"), headers: adminHeaders });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("user_not_found");
  });

  test("another user's key is a 403 and changes nothing", async () => {
    const owner = await createTestUser({ name: "Owner" });
    const other = await createTestUser();
    const read = await invoke(getUser, { method: "GET", ...userPath(owner.id), headers: bearer(other.apiKey) });
    expect(read.status).toBe(403);
    expect(read.body).toEqual({ error: expect.any(String), code: "forbidden" });
    const write = await invoke(updateUser, {
      method: "PATCH",
      ...userPath(owner.id),
      headers: bearer(other.apiKey),
      body: { name: "Hijacked" },
    });
    expect(write.status).toBe(403);
    expect((await findUser(owner.id))?.name).toBe("Owner");
  });
});

describe("key rotation", () => {
  test("the new key works and the old one is refused at once", async () => {
    const user = await createTestUser();
    const rotated = await invoke(rotateApiKey, {
      method: "POST",
      path: `/v1/users/${user.id}/api-key`,
      pathParameters: { userId: user.id },
      headers: bearer(user.apiKey),
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.apiKey).not.toBe(user.apiKey);
    const withOld = await invoke(getUser, { method: "GET", ...userPath(user.id), headers: bearer(user.apiKey) });
    expect(withOld.status).toBe(401);
    const withNew = await invoke(getUser, { method: "GET", ...userPath(user.id), headers: bearer(rotated.body.apiKey) });
    expect(withNew.status).toBe(200);
  });

  test("the admin can issue a new key for a user who lost theirs", async () => {
    const user = await createTestUser();
    const rotated = await invoke(rotateApiKey, {
      method: "POST",
      path: `/v1/users/${user.id}/api-key`,
      pathParameters: { userId: user.id },
      headers: adminHeaders,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.userId).toBe(user.id);
    const withNew = await invoke(getUser, { method: "GET", ...userPath(user.id), headers: bearer(rotated.body.apiKey) });
    expect(withNew.status).toBe(200);
  });
});
