import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { handler as cancelBooking } from "../../functions/booking/cancel-booking.js";
import { handler as rescheduleBooking } from "../../functions/booking/reschedule-booking.js";
import { handler as dispatchWebhooks } from "../../functions/webhooks/dispatch-webhooks.js";
import { handler as createWebhook } from "../../functions/webhooks/create-webhook.js";
import { handler as deleteWebhook } from "../../functions/webhooks/delete-webhook.js";
import { handler as getWebhook } from "../../functions/webhooks/get-webhook.js";
import { handler as listDeliveries } from "../../functions/webhooks/list-webhook-deliveries.js";
import { handler as listWebhooks } from "../../functions/webhooks/list-webhooks.js";
import { handler as updateWebhook } from "../../functions/webhooks/update-webhook.js";
import { claimWebhookEvent, dueWebhookEvents, findWebhook, findWebhookEvent, webhookDueShards } from "../../lib/data/webhooks-repo.js";
import { openSealed } from "../../lib/security/sealed.js";
import { dispatchOptions, sweepDueEvents, type DispatchOptions } from "../../lib/webhooks/dispatcher.js";
import { resealWebhookSecrets } from "../../lib/webhooks/endpoint-secrets.js";
import { secretContext } from "../../lib/webhooks/webhooks-service.js";
import { bookV1, publishAvailability } from "../support/booking.js";
import { addDays, futureMonday, utcInstant } from "../support/future-dates.js";
import { useIsolatedTables } from "../support/isolated-tables.js";
import { invoke, lambdaContext } from "../support/lambda.js";
import { adminHeaders, bearer, createTestUser } from "../support/users.js";

const MINUTE = 60_000;
const MONDAY = futureMonday({ weeksAhead: 13 });
const at = (day: number, time: string) => utcInstant(addDays(MONDAY, day), time);
const WEEKDAYS = { weekly: [{ days: [1, 2, 3, 4, 5], windows: [{ start: "09:00", end: "17:00" }] }] };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
  receivedAt: number;
}

/** A local endpoint: records every POST and answers `answer(n)` to the n-th (1-based). */
async function startReceiver(answer: (n: number) => number = () => 204) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const status = answer(received.length + 1);
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), answered: status, receivedAt: Date.now() });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
const receivers: Receiver[] = [];
async function receiver(answer?: (n: number) => number): Promise<Receiver> {
  const started = await startReceiver(answer);
  receivers.push(started);
  return started;
}

let dropTables: (() => Promise<void>) | undefined;
beforeAll(async () => {
  // This file's own webhooks table: its sweeps, driven by a clock hours ahead, meet only its own events.
  dropTables = await useIsolatedTables(["WEBHOOKS_TABLE"]);
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await dropTables?.();
});

async function ownerWithAvailability() {
  const owner = await createTestUser({ timezone: "UTC" });
  await publishAvailability(owner, WEEKDAYS);
  return owner;
}

const hooksPath = (userId: string, rest = "") => ({ path: `/v1/users/${userId}/webhooks${rest}`, pathParameters: { userId } });
const hookPath = (userId: string, webhookId: string, rest = "") => ({
  path: `/v1/users/${userId}/webhooks/${webhookId}${rest}`,
  pathParameters: { userId, webhookId },
});

async function register(owner: { id: string; apiKey: string }, url: string, extra: Record<string, unknown> = {}) {
  const response = await invoke(createWebhook, { method: "POST", ...hooksPath(owner.id), headers: bearer(owner.apiKey), body: { url, ...extra } });
  if (response.status !== 201) throw new Error(`could not register: ${response.raw}`);
  return response.body as { webhook: { id: string }; secret: string };
}

/** One sweep as the scheduled function runs it, on the clock `now`. */
const sweep = (now: number, options: Partial<DispatchOptions> = {}) =>
  sweepDueEvents({ ...dispatchOptions(now), concurrency: 4, budgetMs: 60_000, elapsed: () => 0, ...options });

const verified = (secret: string, delivery: Received) =>
  new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>) as { type: string; timestamp: string; data: { booking: { id: string } } };

async function book(owner: { id: string }, start: string) {
  const response = await bookV1(owner.id, start);
  if (response.status !== 201) throw new Error(`could not book: ${response.raw}`);
  return response.body as { booking: { id: string }; cancelToken: string };
}

describe("webhook endpoints", () => {
  test("register (secret shown once), list, read, change, delete; the owner's key or the admin's only", async () => {
    const owner = await createTestUser();
    const stranger = await createTestUser();
    const target = await receiver();
    const created = await invoke(createWebhook, {
      method: "POST",
      ...hooksPath(owner.id),
      headers: bearer(owner.apiKey),
      body: { url: target.url, events: ["booking.cancelled", "booking.created"], description: "CRM" },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.body.webhook).toMatchObject({ userId: owner.id, url: target.url, events: ["booking.created", "booking.cancelled"], enabled: true, consecutiveFailures: 0 });
    const id = created.body.webhook.id as string;

    const listed = await invoke(listWebhooks, { method: "GET", ...hooksPath(owner.id), headers: bearer(owner.apiKey) });
    expect(listed.body.webhooks).toEqual([created.body.webhook]);
    expect(listed.raw).not.toContain("whsec_");
    expect(listed.raw).not.toContain("ealed");

    const changed = await invoke(updateWebhook, { method: "PATCH", ...hookPath(owner.id, id), headers: adminHeaders, body: { description: null, enabled: false } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ enabled: false, disabledReason: "by_owner" });
    expect(changed.body).not.toHaveProperty("description");
    const again = await invoke(updateWebhook, { method: "PATCH", ...hookPath(owner.id, id), headers: bearer(owner.apiKey), body: { enabled: true } });
    expect(again.body).toMatchObject({ enabled: true });
    expect(again.body).not.toHaveProperty("disabledReason");

    expect((await invoke(getWebhook, { method: "GET", ...hookPath(owner.id, id) })).status).toBe(401);
    expect((await invoke(getWebhook, { method: "GET", ...hookPath(owner.id, id), headers: bearer(stranger.apiKey) })).status).toBe(403);
    expect((await invoke(listDeliveries, { method: "GET", ...hookPath(owner.id, id, "/deliveries") })).status).toBe(401);
    expect((await invoke(listDeliveries, { method: "GET", ...hookPath(owner.id, id, "/deliveries"), headers: bearer(stranger.apiKey) })).status).toBe(403);
    expect((await invoke(getWebhook, { method: "GET", ...hookPath(owner.id, "wh_0000000000000000"), headers: bearer(owner.apiKey) })).status).toBe(404);
    expect((await invoke(getWebhook, { method: "GET", ...hookPath(owner.id, "nope"), headers: bearer(owner.apiKey) })).status).toBe(400);

    expect((await invoke(deleteWebhook, { method: "DELETE", ...hookPath(owner.id, id), headers: bearer(owner.apiKey) })).status).toBe(204);
    expect((await invoke(deleteWebhook, { method: "DELETE", ...hookPath(owner.id, id), headers: bearer(owner.apiKey) })).status).toBe(404);
  });

  test("a URL at a private, link-local (metadata) or reserved address is a 400 at registration; loopback only where allowed", async () => {
    const owner = await createTestUser();
    for (const url of ["http://169.254.169.254/latest/meta-data", "http://10.0.0.8/hook", "https://192.168.1.1/", "http://[::ffff:10.0.0.1]/", "http://[fd00::1]/", "http://0.0.0.0:8080/"]) {
      const response = await invoke(createWebhook, { method: "POST", ...hooksPath(owner.id), headers: bearer(owner.apiKey), body: { url } });
      expect([url, response.status, response.body.code]).toEqual([url, 400, "webhook_url_refused"]);
    }
    for (const body of [{ url: "ftp://example.com/x" }, { url: "https://user:pw@example.com/" }, { url: "https://example.com/", events: [] }, { url: "https://example.com/", events: ["booking.deleted"] }, { url: "https://example.com/", extra: 1 }]) {
      expect((await invoke(createWebhook, { method: "POST", ...hooksPath(owner.id), headers: bearer(owner.apiKey), body })).status).toBe(400);
    }
    const saved = process.env.ALLOW_LOOPBACK_FEEDS;
    process.env.ALLOW_LOOPBACK_FEEDS = "false";
    try {
      const loopback = await invoke(createWebhook, { method: "POST", ...hooksPath(owner.id), headers: bearer(owner.apiKey), body: { url: "https://127.0.0.1:9/hook" } });
      expect([loopback.status, loopback.body.code]).toEqual([400, "webhook_url_refused"]);
      const plain = await invoke(createWebhook, { method: "POST", ...hooksPath(owner.id), headers: bearer(owner.apiKey), body: { url: "http://example.com/hook" } });
      expect([plain.status, plain.body.code]).toEqual([400, "invalid_webhook_url"]);
    } finally {
      process.env.ALLOW_LOOPBACK_FEEDS = saved;
    }
  });
});

describe("deliveries", () => {
  test("create, reschedule and cancel each reach the endpoint once, signed (Standard Webhooks verify), without the cancel token", async () => {
    const owner = await ownerWithAvailability();
    const target = await receiver();
    const { secret, webhook } = await register(owner, target.url);
    const { booking, cancelToken } = await book(owner, at(0, "09:00"));
    await invoke(rescheduleBooking, {
      method: "POST",
      path: `/v1/users/${owner.id}/bookings/${booking.id}/reschedule`,
      pathParameters: { userId: owner.id, bookingId: booking.id },
      headers: bearer(owner.apiKey),
      body: { start: at(0, "11:00") },
    });
    await invoke(cancelBooking, {
      method: "POST",
      path: `/v1/users/${owner.id}/bookings/${booking.id}/cancel`,
      pathParameters: { userId: owner.id, bookingId: booking.id },
      body: { cancelToken },
    });
    const report = await sweep(Date.now());
    expect(report.outcomes.delivered).toBeGreaterThanOrEqual(3);
    expect(target.received).toHaveLength(3);
    const messages = target.received.map((delivery) => verified(secret, delivery));
    expect(messages.map((message) => message.type).sort()).toEqual(["booking.cancelled", "booking.created", "booking.rescheduled"]);
    for (const message of messages) expect(message.data.booking.id).toBe(booking.id);
    expect(new Set(target.received.map((delivery) => delivery.headers["webhook-id"])).size).toBe(3);
    for (const delivery of target.received) expect(delivery.body).not.toContain(cancelToken);
    // A tampered body or another secret fails verification.
    expect(() => new Webhook(secret).verify(target.received[0]!.body.replace("booking", "bookinG"), target.received[0]!.headers as Record<string, string>)).toThrow();
    // Nothing is left to deliver.
    expect((await sweep(Date.now() + 3 * MINUTE)).events).toBe(0);

    const attempts = await invoke(listDeliveries, { method: "GET", ...hookPath(owner.id, webhook.id, "/deliveries"), headers: bearer(owner.apiKey) });
    expect(attempts.status).toBe(200);
    expect(attempts.body.deliveries).toHaveLength(3);
    for (const attempt of attempts.body.deliveries) expect(attempt).toMatchObject({ outcome: "delivered", attempt: 1, latencyMs: expect.any(Number) });
  });

  test("an endpoint that fails the first 3 times gets exactly one successful delivery per event, after backoff", async () => {
    const owner = await ownerWithAvailability();
    const target = await receiver((n) => (n <= 3 ? 503 : 200));
    const { secret, webhook } = await register(owner, target.url, { events: ["booking.created"] });
    const { booking } = await book(owner, at(1, "10:00"));
    const t0 = Date.now();
    await sweep(t0);
    await sweep(t0 + 30_000); // not yet due again: backoff is 1 minute
    expect(target.received.map((r) => r.answered)).toEqual([503]);
    await sweep(t0 + 1 * MINUTE + 1_000);
    await sweep(t0 + 3 * MINUTE + 2_000);
    await sweep(t0 + 7 * MINUTE + 3_000);
    expect(target.received.map((r) => r.answered)).toEqual([503, 503, 503, 200]);
    for (const t of [15, 60, 24 * 60 + 5]) await sweep(t0 + t * MINUTE);
    expect(target.received.filter((r) => r.answered < 300)).toHaveLength(1);
    expect(new Set(target.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(verified(secret, target.received[3]!).data.booking.id).toBe(booking.id);

    const read = await invoke(listDeliveries, { method: "GET", ...hookPath(owner.id, webhook.id, "/deliveries"), headers: adminHeaders });
    expect(read.body.deliveries.map((d: { attempt: number; outcome: string; status: number }) => [d.attempt, d.outcome, d.status])).toEqual([
      [4, "delivered", 200],
      [3, "failed", 503],
      [2, "failed", 503],
      [1, "failed", 503],
    ]);
    const state = await invoke(getWebhook, { method: "GET", ...hookPath(owner.id, webhook.id), headers: bearer(owner.apiKey) });
    expect(state.body).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  });

  test("a crash between commit and dispatch loses nothing: the committed event waits, a dead round's lease runs out, the sweep delivers", async () => {
    const owner = await ownerWithAvailability();
    const target = await receiver();
    const { secret } = await register(owner, target.url);
    const { booking } = await book(owner, at(2, "09:00"));
    // No dispatcher ran (no stream here, no LAMBDA_ENDPOINT): the outbox event is committed and due.
    const due = (await Promise.all(webhookDueShards().map((shard) => dueWebhookEvents(shard, Date.now(), 100)))).flatMap((page) => page.eventIds);
    const pending = (await Promise.all(due.map((id) => findWebhookEvent(id)))).filter((event) => event?.ownerId === owner.id);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ state: "pending", type: "booking.created" });
    // A dispatcher claims it and dies before delivering: while its lease holds nobody delivers; then the sweep does.
    const t0 = Date.now();
    expect(await claimWebhookEvent(pending[0]!.eventId, t0, { token: "dead", until: t0 + 60_000 })).toBeDefined();
    await sweep(t0 + 1_000);
    expect(target.received).toHaveLength(0);
    await sweep(t0 + 61_000);
    expect(target.received).toHaveLength(1);
    expect(verified(secret, target.received[0]!).data.booking.id).toBe(booking.id);
    expect(await findWebhookEvent(pending[0]!.eventId)).toMatchObject({ state: "done" });
  });

  test("the prompt path (stream batch or local invoke) delivers at once and a second dispatcher does nothing", async () => {
    const owner = await ownerWithAvailability();
    const target = await receiver();
    await register(owner, target.url);
    await book(owner, at(3, "09:00"));
    const due = (await Promise.all(webhookDueShards().map((shard) => dueWebhookEvents(shard, Date.now(), 100)))).flatMap((page) => page.eventIds);
    const mine = (await Promise.all(due.map((id) => findWebhookEvent(id)))).filter((event) => event?.ownerId === owner.id).map((event) => event!.eventId);
    expect(mine).toHaveLength(1);
    const streamBatch = {
      Records: [{ eventName: "INSERT", dynamodb: { NewImage: { kind: { S: "event" }, eventId: { S: mine[0]! } } } }],
    };
    const [first, second] = await Promise.all([
      dispatchWebhooks(streamBatch as never, lambdaContext("dispatchWebhooks")),
      dispatchWebhooks({ eventIds: mine } as never, lambdaContext("dispatchWebhooks")),
    ]);
    expect([(first as { events: number }).events, (second as { events: number }).events].sort()).toEqual([0, 1]);
    expect(target.received).toHaveLength(1);
  });

  test("a delivery to an address the policy refuses is never made; an endpoint failing for 24 h is disabled and gets nothing more", async () => {
    const owner = await ownerWithAvailability();
    const target = await receiver(() => 500);
    const { webhook } = await register(owner, target.url, { events: ["booking.created"] });
    await book(owner, at(4, "09:00"));
    const t0 = Date.now();
    // The same endpoint judged without the local loopback allowance: refused at delivery, not contacted.
    await sweep(t0, { allowLoopback: false });
    expect(target.received).toHaveLength(0);
    // Then it fails (500) on every retry: 1, 2, 4 … minutes apart, the last one 24 h after the booking.
    for (const minutes of [1, 3, 7, 15, 31, 63, 127, 255, 511, 1023, 1440]) await sweep(t0 + minutes * MINUTE + 1_000);
    expect(target.received).toHaveLength(11);
    const read = await invoke(listDeliveries, { method: "GET", ...hookPath(owner.id, webhook.id, "/deliveries"), query: { limit: "100" }, headers: bearer(owner.apiKey) });
    const attempts = read.body.deliveries as { attempt: number; error?: string; status?: number }[];
    expect(attempts).toHaveLength(12);
    expect(attempts.at(-1)).toMatchObject({ attempt: 1, outcome: "failed", error: "blocked_address" });
    expect(attempts[0]).toMatchObject({ attempt: 12, outcome: "failed", error: "http_error", status: 500 });
    const state = await invoke(getWebhook, { method: "GET", ...hookPath(owner.id, webhook.id), headers: bearer(owner.apiKey) });
    expect(state.body).toMatchObject({ enabled: false, disabledReason: "failing_24h", consecutiveFailures: 12 });
    // Nothing is retried any more, and a new booking is not delivered to it.
    await book(owner, at(4, "11:00"));
    await sweep(t0 + 1441 * MINUTE);
    await sweep(t0 + 2000 * MINUTE);
    expect(target.received).toHaveLength(11);
  });
});

// Last in the file: it leaves every endpoint of this file's table sealed under another SERVICE_SECRET.
describe("a SERVICE_SECRET rotation", () => {
  const original = process.env.SERVICE_SECRET as string;
  const ROTATED = "rotated-service-secret-0123456789abcdefgh";
  afterEach(() => {
    process.env.SERVICE_SECRET = original;
    delete process.env.SERVICE_SECRET_PREVIOUS;
  });

  /** Whether the endpoint's stored secret is still sealed under SERVICE_SECRET_PREVIOUS. */
  const underPrevious = async (ownerId: string, webhookId: string) =>
    openSealed((await findWebhook(ownerId, webhookId))?.sealedSecret as string, secretContext(ownerId, webhookId)).underPrevious;

  test("endpoints keep signing with the secret their owner was shown: sealed again at their next dispatch, or by the maintenance pass", async () => {
    const owner = await ownerWithAvailability();
    const busy = await receiver();
    const quiet = await receiver();
    const first = await register(owner, busy.url);
    const second = await register(owner, quiet.url, { events: ["booking.cancelled"] });

    process.env.SERVICE_SECRET = ROTATED;
    process.env.SERVICE_SECRET_PREVIOUS = original;
    const { booking, cancelToken } = await book(owner, at(2, "09:00"));
    await sweep(Date.now());
    expect(busy.received).toHaveLength(1);
    expect(verified(first.secret, busy.received[0] as Received).data.booking.id).toBe(booking.id);
    // Dispatched: sealed again under the new secret. Not dispatched (no event of its type yet): not yet.
    expect(await underPrevious(owner.id, first.webhook.id)).toBe(false);
    expect(await underPrevious(owner.id, second.webhook.id)).toBe(true);

    // The maintenance pass (npm run reseal-secrets) seals the rest; a second pass has nothing left.
    const pass = await resealWebhookSecrets();
    expect(pass.resealed).toBeGreaterThanOrEqual(1);
    expect(pass.unreadable).toBe(0);
    expect(await underPrevious(owner.id, second.webhook.id)).toBe(false);
    expect(await resealWebhookSecrets()).toMatchObject({ resealed: 0, unreadable: 0 });

    // Then the previous secret can go: both endpoints still sign with their own secrets.
    delete process.env.SERVICE_SECRET_PREVIOUS;
    const cancelled = await invoke(cancelBooking, {
      method: "POST",
      path: `/v1/users/${owner.id}/bookings/${booking.id}/cancel`,
      pathParameters: { userId: owner.id, bookingId: booking.id },
      body: { cancelToken },
    });
    expect(cancelled.status).toBe(200);
    await sweep(Date.now());
    expect(verified(first.secret, busy.received[1] as Received).type).toBe("booking.cancelled");
    expect(verified(second.secret, quiet.received[0] as Received).type).toBe("booking.cancelled");
    // Without the previous secret, a value sealed only under the old one is reported, never guessed at.
    process.env.SERVICE_SECRET = "a-third-service-secret-0123456789abcdef";
    expect((await resealWebhookSecrets()).unreadable).toBeGreaterThanOrEqual(2);
  });
});
