import { isoUtc } from "../../lib/time/iso.js";
import { icsFeed, startFeedServer, type FeedServer } from "../support/feed-server.js";
import { call, startService, type RunningService } from "../support/service-process.js";

const E2E_TIMEOUT = 240_000;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The schedule fires at minute boundaries: a new feed is read within two cycles. */
const TWO_POLL_CYCLES = 130_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("npm start: the calendar poller, over HTTP", () => {
  let service: RunningService | undefined;
  let feeds: FeedServer | undefined;

  afterAll(async () => {
    await service?.stop();
    await feeds?.close();
  });

  test(
    "a feed served locally makes the user busy until the event ends, within two poll cycles",
    async () => {
      feeds = await startFeedServer();
      service = await startService();

      const now = Math.floor(Date.now() / 1000) * 1000;
      const eventEnd = now + 10 * MINUTE;
      feeds.set("/e2e.ics", {
        etag: '"e2e-1"',
        body: icsFeed([
          { uid: "running", start: now - 5 * MINUTE, end: eventEnd, summary: "Running now" },
          { uid: "later", start: now + 3 * 60 * MINUTE, end: now + 4 * 60 * MINUTE, summary: "Later today" },
        ]),
      });

      const created = await call(service, "POST", "/v1/users", {
        key: service.adminKey,
        body: { id: "e2e-cal", timezone: "Europe/Paris", calendarUrl: feeds.url("/e2e.ics") },
      });
      expect(created.status).toBe(201);
      expect(created.body.calendarSync).toMatchObject({ lastSuccessAt: null, consecutiveFailures: 0 });
      const apiKey: string = created.body.apiKey;
      const createdAt = Date.now();

      let status = await call(service, "GET", "/get_status?user_id=e2e-cal");
      expect(status.body).toMatchObject({ status: "available", source: "default" });
      while (status.body.source !== "calendar" && Date.now() - createdAt < TWO_POLL_CYCLES) {
        await sleep(2000);
        status = await call(service, "GET", "/get_status?user_id=e2e-cal");
      }
      expect(status.status).toBe(200);
      expect(status.body).toEqual({ user_id: "e2e-cal", status: "busy", source: "calendar", expiration_time: isoUtc(eventEnd) });
      expect(Date.now() - createdAt).toBeLessThan(TWO_POLL_CYCLES);
      expect(feeds.requests.filter((r) => r.path === "/e2e.ics").length).toBeGreaterThanOrEqual(1);

      const v1 = await call(service, "GET", "/v1/users/e2e-cal/status");
      expect(v1.body).toEqual({ userId: "e2e-cal", status: "busy", source: "calendar", expiresAt: isoUtc(eventEnd) });

      const user = await call(service, "GET", "/v1/users/e2e-cal", { key: apiKey });
      expect(user.body.calendarSync).toMatchObject({ lastError: null, consecutiveFailures: 0, busyIntervalCount: 2 });
      expect(Date.parse(user.body.calendarSync.lastSuccessAt)).toBeGreaterThanOrEqual(createdAt - 1000);

      // ── Slot search: the events' time is neither offered nor bookable ──────────────────────────────
      const HALF_HOUR = 30 * MINUTE;
      const from = Math.floor(now / HALF_HOUR) * HALF_HOUR;
      const published = await call(service, "PUT", "/v1/users/e2e-cal/availability", {
        key: apiKey,
        body: {
          intervals: [{ start: isoUtc(from), end: isoUtc(from + 5 * 60 * MINUTE) }],
          settings: { durationMinutes: 30, alignment: "clock" },
        },
      });
      expect(published.status).toBe(200);
      const day = (t: number) => new Date(t).toISOString().slice(0, 10);
      const search = await call(service, "GET", `/v1/users/e2e-cal/slots?from=${day(now)}&to=${day(now + DAY)}&timezone=UTC`);
      expect(search.status).toBe(200);
      const offered = (search.body.slots as { start: string; end: string }[]).map((slot) => ({
        start: Date.parse(slot.start),
        end: Date.parse(slot.end),
      }));
      const busy = [
        { start: now - 5 * MINUTE, end: eventEnd },
        { start: now + 3 * 60 * MINUTE, end: now + 4 * 60 * MINUTE },
      ];
      expect(offered.length).toBeGreaterThan(0);
      for (const slot of offered) {
        expect(slot.start).toBeGreaterThanOrEqual(now);
        for (const event of busy) expect(slot.end <= event.start || slot.start >= event.end).toBe(true);
      }
      // The first half-hour inside the later event is refused as calendar-busy.
      const underEvent = Math.ceil(busy[1]!.start / HALF_HOUR) * HALF_HOUR;
      const refused = await call(service, "POST", "/v1/users/e2e-cal/bookings", {
        body: { start: isoUtc(underEvent), invitee: { name: "Bea", email: "bea@example.com" } },
      });
      expect(refused.status).toBe(409);
      expect(refused.body.details.reasons.map((r: { code: string }) => r.code)).toContain("calendar_busy");
    },
    E2E_TIMEOUT,
  );
});
