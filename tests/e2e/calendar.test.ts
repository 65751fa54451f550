import { isoUtc } from "../../lib/time/iso.js";
import { icsFeed, startFeedServer, type FeedServer } from "../support/feed-server.js";
import { call, startService, type RunningService } from "../support/service-process.js";

const E2E_TIMEOUT = 240_000;
const MINUTE = 60_000;
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

      // ── Slot search (for the booking API) ────────────────────────────────────────────────────────
      // TODO(booking): give e2e-cal availability covering [now - 5 min, now + 4 h] and check that the
      // slots under the two events above are neither offered by search nor bookable, and that the
      // slot-search ETag changes when the feed's busy set changes. Left for the booking API's owner.
      // ─────────────────────────────────────────────────────────────────────────────────────────────
    },
    E2E_TIMEOUT,
  );
});
