// The whole invitee path, as a new user of the project meets it: `npm start` (the project's own script, on
// free ports, DynamoDB Local in memory), an owner with availability and an event type, the booking link that
// `npm start` prints opened in a real browser (Debian's chromium through playwright-core), a booking made
// there; then the booking in the owner's calendar subscription feed (`bookings.ics?token=`, read back with
// the project's own iCalendar reader) and at the owner's webhook receiver, signed (Standard Webhooks verify).
import { mkdirSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { busyIntervalsFromIcs } from "../../lib/calendar/ics.js";
import { firstProperty, parseIcs } from "../../lib/calendar/ics-parse.js";
import { call, startService, type RunningService } from "../support/service-process.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
/** Generous: under load (CI, a busy machine) the service's start and each function's first call are slow. */
const START_TIMEOUT = 180_000;
const JOURNEY_TIMEOUT = 300_000;
const WAIT_MS = 45_000;
/** Screenshots of each step (git-ignored). */
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/journey/", import.meta.url));
/**
 * How long the webhook may take: the booking function's kick delivers it within milliseconds; were the kick
 * lost, the sweep that serverless offline runs every minute delivers it (README, "Webhooks").
 */
const WEBHOOK_WAIT_MS = 150_000;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/** The owner's endpoint: a plain HTTP server on 127.0.0.1 that records each POST and answers 204. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), receivedAt: Date.now() });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the invitee's journey, from npm start to the owner's calendar feed and webhook", () => {
  let service: RunningService;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    receiver = await startReceiver();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    service = await startService({ readyTimeoutMs: START_TIMEOUT });
  }, START_TIMEOUT + 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await receiver?.close();
  });

  test(
    "create an owner, availability and an event type; book on the printed link; the booking is in the .ics feed and at the webhook, signed",
    async () => {
      // The owner, as the README's quick start makes one: the admin key creates the user, whose key does the rest.
      const created = await call(service, "POST", "/v1/users", { key: service.adminKey, body: { id: "maya", name: "Maya Owner", timezone: "Asia/Tokyo" } });
      expect(created.status).toBe(201);
      const key = created.body.apiKey as string;
      const availability = await call(service, "PUT", "/v1/users/maya/availability", {
        key,
        body: { weekly: [{ days: [1, 2, 3, 4, 5, 6, 7], windows: [{ start: "09:00", end: "18:00" }] }] },
      });
      expect(availability.status).toBe(200);
      const eventType = await call(service, "POST", "/v1/users/maya/event-types", {
        key,
        body: { slug: "consult", title: "Consultation", durationMinutes: 45, location: { kind: "text", text: "Phone" } },
      });
      expect(eventType.status).toBe(201);
      const hook = await call(service, "POST", "/v1/users/maya/webhooks", { key, body: { url: receiver.url, events: ["booking.created"] } });
      expect(hook.status).toBe(201);
      const secret = hook.body.secret as string;
      const feedToken = await call(service, "POST", "/v1/users/maya/bookings-feed-token", { key });
      expect(feedToken.status).toBe(201);

      // The link `npm start` printed, for this user and event type.
      const printed = /^Booking pages: (\S+)\/book\/<userId> /m.exec(service.output());
      expect(printed).not.toBeNull();
      const link = `${printed?.[1]}/book/maya/consult`;
      expect(link).toBe(`${service.baseUrl}/book/maya/consult`);

      // The invitee, in Lisbon, books the first free time of the first free day.
      const context = await browser.newContext({ timezoneId: "Europe/Lisbon", locale: "en-GB", viewport: { width: 1024, height: 800 } });
      context.setDefaultTimeout(WAIT_MS);
      context.setDefaultNavigationTimeout(WAIT_MS);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (error) => pageErrors.push(error.message));
      const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
      await page.goto(link);
      expect(await page.locator("h1").innerText()).toBe("Consultation");
      await page.waitForSelector("#calendar-status[data-state=ready]");
      if ((await page.locator("button.day.free").count()) === 0) {
        await page.click("button[aria-label='Next month']");
        await page.waitForSelector("#calendar-status[data-state=ready]");
      }
      await shot("01-calendar");
      await page.locator("button.day.free").first().click();
      const time = page.locator("button.time").first();
      const shownStart = (await time.getAttribute("data-start")) as string;
      await time.click();
      await page.fill("#name", "Rui Invitee");
      await page.fill("#email", "rui@example.com");
      await shot("02-form");
      await page.click("button[type=submit]");
      await page.waitForSelector("#confirmation");
      const confirmedAt = Date.now();
      await shot("03-confirmation");
      const cancelHref = (await page.locator("#cancel-link").getAttribute("href")) as string;
      const bookingId = new URL(cancelHref, service.baseUrl).pathname.split("/")[4] as string;
      expect(bookingId).toMatch(/\S/);
      expect(pageErrors).toEqual([]);
      await context.close();

      // The booking as stored: the time the invitee picked, 45 minutes, the event type.
      const stored = await call(service, "GET", `/v1/users/maya/bookings/${bookingId}`, { key });
      expect(stored.status).toBe(200);
      const startMs = Date.parse(stored.body.start);
      expect(startMs).toBe(Date.parse(shownStart));
      expect(Date.parse(stored.body.end) - startMs).toBe(45 * 60_000);
      expect(stored.body.invitee).toMatchObject({ name: "Rui Invitee", email: "rui@example.com" });

      // The owner's calendar app subscribes to the feed: the booking is there, read back by the project's reader.
      const feed = await fetch(`${service.baseUrl}${feedToken.body.path}`);
      expect(feed.status).toBe(200);
      expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
      const ics = await feed.text();
      const events = parseIcs(ics).flatMap((calendar) => calendar.components.filter((component) => component.type === "VEVENT"));
      const event = events.find((candidate) => firstProperty(candidate, "UID")?.value.startsWith(`${bookingId}@`));
      expect(event).toBeDefined();
      const busy = busyIntervalsFromIcs(ics, { ownerZone: "Asia/Tokyo", from: startMs - 86_400_000, to: startMs + 86_400_000 }).intervals;
      expect(busy.map(({ start, end }) => [start, end])).toContainEqual([startMs, startMs + 45 * 60_000]);

      // The owner's endpoint got booking.created, signed with the endpoint's secret.
      await waitFor(() => receiver.received.length > 0, WEBHOOK_WAIT_MS, "the booking.created webhook");
      const delivery = receiver.received[0] as Received;
      console.log(`journey: the booking.created webhook arrived ${delivery.receivedAt - confirmedAt} ms after the page showed the confirmation`);
      const payload = new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>) as {
        type: string;
        data: { booking: { id: string; start: string; cancelToken?: string } };
      };
      expect(payload.type).toBe("booking.created");
      expect(payload.data.booking.id).toBe(bookingId);
      expect(Date.parse(payload.data.booking.start)).toBe(startMs);
      expect(payload.data.booking.cancelToken).toBeUndefined();
      // A forged body does not verify under the same headers.
      expect(() => new Webhook(secret).verify(delivery.body.replace(bookingId, "forged"), delivery.headers as Record<string, string>)).toThrow();
      // The owner reads the attempt back.
      const deliveries = await call(service, "GET", `/v1/users/maya/webhooks/${hook.body.webhook.id}/deliveries`, { key });
      expect(deliveries.status).toBe(200);
      expect(deliveries.body.deliveries[0]).toMatchObject({ type: "booking.created", outcome: "delivered", status: 204 });
    },
    JOURNEY_TIMEOUT,
  );
});
