// The booking pages' functions against DynamoDB Local, without a browser (tests/e2e/booking-page.test.ts drives
// one): the HTML of each page with its values escaped, the HTML 404s, the cancel token's check, the pages'
// Content-Security-Policy and caching, the hashed assets, and gzip when the client accepts it.
import { gunzipSync } from "node:zlib";
import { handler as createEventType } from "../../functions/event-types/create-event-type.js";
import { handler as assetPage } from "../../functions/booking-page/booking-page-asset.js";
import { handler as bookingPage } from "../../functions/booking-page/booking-page.js";
import { handler as cancelPage } from "../../functions/booking-page/cancel-page.js";
import { handler as eventTypesPage } from "../../functions/booking-page/event-types-page.js";
import { handler as reschedulePage } from "../../functions/booking-page/reschedule-page.js";
import { pageScript, pageStyle } from "../../lib/booking-page/assets.js";
import { bookV1, publishAvailability } from "../support/booking.js";
import { futureMonday, utcInstant } from "../support/future-dates.js";
import { invoke } from "../support/lambda.js";
import { bearer, createTestUser } from "../support/users.js";

const ZONE = "Europe/Paris";
const MONDAY = futureMonday({ weeksAhead: 2 });

describe("booking pages (HTML)", () => {
  let owner: { id: string; apiKey: string };
  let booking: { id: string };
  let cancelToken: string;

  beforeAll(async () => {
    owner = await createTestUser({ name: "Ann <Dupont> & Co", timezone: ZONE });
    await publishAvailability(owner, { weekly: [{ days: [1, 2, 3, 4, 5], windows: [{ start: "09:00", end: "17:00" }] }] });
    for (const body of [
      { slug: "intro", title: "Intro <script>alert(1)</script>", description: "Say \"hi\"", durationMinutes: [30, 60] },
      { slug: "secret", title: "Secret chat", durationMinutes: 15, hidden: true },
    ]) {
      const made = await invoke(createEventType, {
        method: "POST",
        path: `/v1/users/${owner.id}/event-types`,
        pathParameters: { userId: owner.id },
        headers: bearer(owner.apiKey),
        body,
      });
      expect(made.status).toBe(201);
    }
    const made = await bookV1(owner.id, utcInstant(MONDAY, "10:00", ZONE));
    expect(made.status).toBe(201);
    ({ booking, cancelToken } = made.body as { booking: { id: string }; cancelToken: string });
  });

  const page = async (path: string, pathParameters: Record<string, string>, query?: Record<string, string>, headers?: Record<string, string>) => {
    const handler = path.endsWith("/cancel")
      ? cancelPage
      : path.endsWith("/reschedule")
        ? reschedulePage
        : path.startsWith("/book-assets/")
          ? assetPage
          : "slug" in pathParameters
            ? bookingPage
            : eventTypesPage;
    const answer = await invoke(handler, { method: "GET", path, pathParameters, query, headers });
    // Header names as the gateway sends them to a client: case does not matter (middy writes some capitalised).
    return { ...answer, headers: Object.fromEntries(Object.entries(answer.headers).map(([name, value]) => [name.toLowerCase(), value])) };
  };

  test("the event's page: escaped values, the script and style by hashed name, a CSP without unsafe-inline", async () => {
    const answer = await page(`/book/${owner.id}/intro`, { userId: owner.id, slug: "intro" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(answer.headers["cache-control"]).toBe("no-cache");
    expect(answer.raw).toContain("<h1>Intro &lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    expect(answer.raw).toContain("Ann &lt;Dupont&gt; &amp; Co");
    expect(answer.raw).not.toContain("<script>alert");
    expect(answer.raw).toContain(`src="/book-assets/${pageScript.file}"`);
    expect(answer.raw).toContain(`href="/book-assets/${pageStyle.file}"`);
    // The JSON island for the script cannot be closed by a value.
    const island = /<script type="application\/json" id="page-data">(.*?)<\/script>/s.exec(answer.raw)?.[1] as string;
    expect(island).not.toMatch(/</);
    expect(JSON.parse(island)).toMatchObject({ mode: "book", owner: { id: owner.id, timezone: ZONE }, eventType: { slug: "intro", durationMinutes: [30, 60] } });
    const csp = answer.headers["content-security-policy"] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).not.toContain("unsafe-inline");
  });

  test("the owner's list: the public event types only; a hidden one is still bookable by its link", async () => {
    const list = await page(`/book/${owner.id}`, { userId: owner.id });
    expect(list.status).toBe(200);
    expect(list.raw).toContain(`href="/book/${owner.id}/intro"`);
    expect(list.raw).toContain(`href="/book/${owner.id}/default"`);
    expect(list.raw).not.toContain("secret");
    expect((await page(`/book/${owner.id}/secret`, { userId: owner.id, slug: "secret" })).status).toBe(200);
  });

  test("an unknown user, event type or malformed path is an HTML 404", async () => {
    for (const [path, params] of [
      ["/book/nobody-here", { userId: "nobody-here" }],
      ["/book/nobody-here/intro", { userId: "nobody-here", slug: "intro" }],
      [`/book/${owner.id}/nothing`, { userId: owner.id, slug: "nothing" }],
      [`/book/${owner.id}/Not_A_Slug`, { userId: owner.id, slug: "Not_A_Slug" }],
      ["/book/..%2F..", { userId: "../.." }],
    ] as const) {
      const answer = await page(path, params);
      expect(answer.status).toBe(404);
      expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(answer.raw).toContain("<h1>Not found</h1>");
    }
  });

  test("the cancel and reschedule pages need the booking's own cancel token, and are never stored", async () => {
    for (const action of ["cancel", "reschedule"]) {
      const path = `/book/${owner.id}/bookings/${booking.id}/${action}`;
      const params = { userId: owner.id, bookingId: booking.id };
      const good = await page(path, params, { cancelToken });
      expect(good.status).toBe(200);
      expect(good.headers["cache-control"]).toBe("no-store");
      expect(good.headers["referrer-policy"]).toBe("no-referrer");
      expect(good.raw).toContain(`datetime="${utcInstant(MONDAY, "10:00", ZONE)}"`);
      expect(good.raw).not.toContain(cancelToken);
      for (const query of [{ cancelToken: `${cancelToken}x` }, {}, { cancelToken: "" }] as Record<string, string>[]) {
        const bad = await page(path, params, query);
        expect(bad.status).toBe(404);
        expect(bad.headers["cache-control"]).toBe("no-store");
      }
      expect((await page(path, { userId: owner.id, bookingId: "bk_00000000000000000000" }, { cancelToken })).status).toBe(404);
    }
  });

  test("the assets: hashed names cached for a year, gzip when accepted, a plain 404 otherwise", async () => {
    for (const asset of [pageScript, pageStyle]) {
      const path = `/book-assets/${asset.file}`;
      const plain = await page(path, { file: asset.file });
      expect(plain.status).toBe(200);
      expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(plain.raw).toBe(asset.content);
      const zipped = await page(path, { file: asset.file }, undefined, { "accept-encoding": "gzip, br" });
      expect(zipped.headers["content-encoding"]).toBe("gzip");
      expect(gunzipSync(Buffer.from(zipped.raw, "base64")).toString("utf8")).toBe(asset.content);
    }
    const missing = await page("/book-assets/booking-page.000000000000.js", { file: "booking-page.000000000000.js" });
    expect(missing.status).toBe(404);
    expect(missing.headers["content-type"]).toMatch(/^text\/plain/);
  });
});
