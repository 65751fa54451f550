import { handler as seedGetStatus } from "../../functions/seed/get-status.js";
import { handler as seedSetStatus } from "../../functions/seed/set-status.js";
import { handler as clearStatus } from "../../functions/status/clear-status.js";
import { handler as getStatus } from "../../functions/status/get-status.js";
import { handler as putStatus } from "../../functions/status/put-status.js";
import { readStatusEntries, writeStatusEntry } from "../../lib/data/status-repo.js";
import { invoke } from "../support/lambda.js";
import { bearer, createTestUser } from "../support/users.js";

const statusPath = (id: string) => ({ path: `/v1/users/${id}/status`, pathParameters: { userId: id } });
const MINUTE = 60_000;

describe("seed presence routes", () => {
  test("set_status with the token header, then get_status by user_id and by key", async () => {
    const user = await createTestUser();
    const before = Date.now();
    const set = await invoke(seedSetStatus, {
      method: "POST",
      path: "/set_status",
      headers: { token: user.apiKey },
      body: { status: "  BUSY ", duration: 45 },
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ message: "Status Updated", status: "busy", expiration_time: expect.stringMatching(/Z$/) });
    const expires = Date.parse(set.body.expiration_time);
    expect(expires).toBeGreaterThanOrEqual(before + 45 * MINUTE);
    expect(expires).toBeLessThanOrEqual(Date.now() + 45 * MINUTE + 1000);

    const byId = await invoke(seedGetStatus, { method: "GET", path: "/get_status", query: { user_id: user.id } });
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual({ user_id: user.id, status: "busy", expiration_time: set.body.expiration_time, source: "manual" });

    const byKey = await invoke(seedGetStatus, { method: "GET", path: "/get_status", headers: bearer(user.apiKey) });
    expect(byKey.body).toEqual(byId.body);
  });

  test("the duration defaults to 30 minutes and the expiry is a TTL in epoch seconds", async () => {
    const user = await createTestUser();
    const before = Date.now();
    const set = await invoke(seedSetStatus, {
      method: "POST",
      path: "/set_status",
      headers: bearer(user.apiKey),
      body: { status: "available" },
    });
    expect(set.status).toBe(200);
    const expires = Date.parse(set.body.expiration_time);
    expect(expires - before).toBeGreaterThanOrEqual(30 * MINUTE);
    expect(expires - before).toBeLessThan(30 * MINUTE + 2000);
    const entries = await readStatusEntries(user.id);
    expect(entries.manual?.expiresAt).toBe(expires);
  });

  test("a user with no status reads available, source default, no expiry", async () => {
    const user = await createTestUser();
    const read = await invoke(seedGetStatus, { method: "GET", path: "/get_status", query: { user_id: user.id } });
    expect(read.body).toEqual({ user_id: user.id, status: "available", expiration_time: null, source: "default" });
  });

  test("an expired status reads available at once, before TTL deletion", async () => {
    const user = await createTestUser();
    // Written as the API would have done 31 minutes ago; DynamoDB Local has not deleted it.
    const now = Date.now();
    await writeStatusEntry(user.id, "manual", { status: "busy", startsAt: now - 31 * MINUTE, expiresAt: now - MINUTE });
    expect((await readStatusEntries(user.id)).manual).toBeDefined();
    const read = await invoke(seedGetStatus, { method: "GET", path: "/get_status", query: { user_id: user.id } });
    expect(read.body).toEqual({ user_id: user.id, status: "available", expiration_time: null, source: "default" });
  });

  test("unknown user is a 404", async () => {
    const read = await invoke(seedGetStatus, { method: "GET", path: "/get_status", query: { user_id: "no-such-user" } });
    expect(read.status).toBe(404);
    expect(read.body.code).toBe("user_not_found");
  });
});

describe("calendar precedence", () => {
  test("a running calendar event makes the user busy until it ends, unless a manual status is in force", async () => {
    const user = await createTestUser();
    const now = Date.now();
    const eventEnd = Math.ceil((now + 20 * MINUTE) / 1000) * 1000;
    await writeStatusEntry(user.id, "calendar", { status: "busy", startsAt: now - 10 * MINUTE, expiresAt: eventEnd });

    const calendarBusy = await invoke(getStatus, { method: "GET", ...statusPath(user.id) });
    expect(calendarBusy.body).toEqual({
      userId: user.id,
      status: "busy",
      source: "calendar",
      expiresAt: new Date(eventEnd).toISOString().replace(".000Z", "Z"),
    });

    const manual = await invoke(putStatus, {
      method: "PUT",
      ...statusPath(user.id),
      headers: bearer(user.apiKey),
      body: { status: "available", durationMinutes: 5 },
    });
    expect(manual.status).toBe(200);
    const manualWins = await invoke(getStatus, { method: "GET", ...statusPath(user.id) });
    expect(manualWins.body).toMatchObject({ status: "available", source: "manual" });

    const cleared = await invoke(clearStatus, { method: "DELETE", ...statusPath(user.id), headers: bearer(user.apiKey) });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ status: "busy", source: "calendar" });
  });

  test("a calendar event that has not started yet does not count", async () => {
    const user = await createTestUser();
    const now = Date.now();
    await writeStatusEntry(user.id, "calendar", { status: "busy", startsAt: now + 10 * MINUTE, expiresAt: now + 40 * MINUTE });
    const read = await invoke(getStatus, { method: "GET", ...statusPath(user.id) });
    expect(read.body).toMatchObject({ status: "available", source: "default", expiresAt: null });
  });
});
