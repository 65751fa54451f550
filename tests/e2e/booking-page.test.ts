// The booking pages in a real headless browser: Debian's chromium driven by playwright-core, against the real
// `npm start`. Screenshots of each step go to test-artifacts/booking-page/ (git-ignored), with the page's
// weight and its time to first slots in metrics.json.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { assertResponseMatchesContract } from "../support/response-contract.js";
import { call, startService, type RunningService } from "../support/service-process.js";

// Browser globals, for the callbacks run in the page (the project's tsconfig has no DOM library).
declare const document: { activeElement: unknown; querySelector(css: string): { textContent: string | null } | null; documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number; __cls: number };

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/booking-page/", import.meta.url));
/** Generous: under load (CI, a busy machine) the service's start and each function's first call are slow. */
const E2E_TIMEOUT = 240_000;
const START_TIMEOUT = 180_000;
/** What the browser waits for an element or a page at most. */
const WAIT_MS = 45_000;
/** The invitee's zone: not the owner's (Paris). */
const INVITEE_ZONE = "America/New_York";
const OWNER_ZONE = "Europe/Paris";

describe("booking pages in a headless browser", () => {
  let service: RunningService;
  let browser: Browser;
  let annKey: string;

  const url = (path: string) => `${service.baseUrl}${path}`;

  beforeAll(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    // launch() gives the browser a fresh profile directory of its own (removed on close).
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    service = await startService({ readyTimeoutMs: START_TIMEOUT });
    const ann = await call(service, "POST", "/v1/users", { key: service.adminKey, body: { id: "ann", name: "Ann <Dupont>", timezone: OWNER_ZONE } });
    annKey = ann.body.apiKey;
    // Every day, 08:00-20:00 in Paris: the current month always has free days (or the next one, on its last evening).
    await call(service, "PUT", "/v1/users/ann/availability", {
      key: annKey,
      body: { weekly: [{ days: [1, 2, 3, 4, 5, 6, 7], windows: [{ start: "08:00", end: "20:00" }] }] },
    });
    const intro = await call(service, "POST", "/v1/users/ann/event-types", {
      key: annKey,
      body: {
        slug: "intro",
        title: "Intro call",
        description: "Twenty minutes to meet.\nBring questions.",
        durationMinutes: [30, 60],
        location: { kind: "url", url: "https://meet.example/ann" },
        questions: [{ id: "company", label: "Company", type: "short_text", required: true }],
      },
    });
    expect(intro.status).toBe(201);
    const secret = await call(service, "POST", "/v1/users/ann/event-types", {
      key: annKey,
      body: { slug: "secret", title: "Secret chat", durationMinutes: 15, hidden: true },
    });
    expect(secret.status).toBe(201);
  }, START_TIMEOUT + 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  async function newContext(options: { width?: number; height?: number } = {}): Promise<BrowserContext> {
    const context = await browser.newContext({
      timezoneId: INVITEE_ZONE,
      locale: "en-US",
      viewport: { width: options.width ?? 1024, height: options.height ?? 800 },
      acceptDownloads: true,
    });
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(WAIT_MS);
    return context;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  /** Opens a page with slots and waits for the month's free days. */
  async function openCalendar(page: Page, path: string): Promise<void> {
    await page.goto(url(path));
    await page.waitForSelector("#calendar-status[data-state=ready]");
    if ((await page.locator("button.day.free").count()) === 0) {
      await page.click("button[aria-label='Next month']");
      await page.waitForSelector("#calendar-status[data-state=ready]");
    }
  }

  /** The n-th free day, then its first time: returns the slot's start as the API gave it (invitee's zone). */
  async function pickTime(page: Page, day = 0): Promise<string> {
    // Near a month's end the shown month may have too few free days left: the next one has them all.
    if ((await page.locator("button.day.free").count()) <= day) {
      await page.click("button[aria-label='Next month']");
      await page.waitForSelector("#calendar-status[data-state=ready]");
    }
    await page.locator("button.day.free").nth(day).click();
    const time = page.locator("button.time").first();
    const start = (await time.getAttribute("data-start")) as string;
    await time.click();
    return start;
  }

  async function bookingOf(id: string) {
    const read = await call(service, "GET", `/v1/users/ann/bookings/${id}`, { key: annKey });
    expect(read.status).toBe(200);
    return read.body as { start: string; end: string; status: string; invitee: { name: string }; answers?: Record<string, string> };
  }

  test(
    "books end to end in New York for an owner in Paris: the time shown is the time stored; weight, first slots, no layout shift",
    async () => {
      const context = await newContext();
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.__cls = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as Array<{ value: number; hadRecentInput: boolean }>) {
            if (!entry.hadRecentInput) window.__cls += entry.value;
          }
        }).observe({ type: "layout-shift" as "mark", buffered: true });
      });
      const transferred: Record<string, { body: number; headers: number }> = {};
      page.on("requestfinished", async (request) => {
        const path = new URL(request.url()).pathname;
        if (!/^\/book(-assets)?\//.test(path)) return;
        const sizes = await request.sizes();
        transferred[path] = { body: sizes.responseBodySize, headers: sizes.responseHeadersSize };
      });
      const consoleErrors: string[] = [];
      page.on("console", (message) => message.type() === "error" && consoleErrors.push(message.text()));
      page.on("pageerror", (error) => consoleErrors.push(error.message));

      await page.goto(url("/book/ann/intro"));
      await hasText(page, "h1", "Intro call", "exact");
      await hasText(page, ".owner", "Ann <Dupont>", "exact");
      await page.waitForSelector("#calendar-status[data-state=ready]");
      const firstSlotsMs = await page.evaluate(() => performance.getEntriesByName("booking-page:first-slots")[0]?.startTime ?? -1);
      expect(firstSlotsMs).toBeGreaterThan(0);
      expect(await page.locator("#zone").inputValue()).toBe(INVITEE_ZONE);
      await shot(page, "01-calendar");
      const cls = await page.evaluate(() => window.__cls);
      expect(cls).toBeLessThan(0.01);

      if ((await page.locator("button.day.free").count()) === 0) await page.click("button[aria-label='Next month']");
      await page.locator("button.day.free").first().click();
      await shot(page, "02-times");
      const time = page.locator("button.time").first();
      const start = (await time.getAttribute("data-start")) as string;
      // The slot's start in the invitee's zone, as the API gave it (a New York offset), is what the button reads.
      expect(start).toMatch(/-0[45]:00$/);
      const shownTime = new Intl.DateTimeFormat("en-US", { timeZone: INVITEE_ZONE, hour: "numeric", minute: "2-digit" }).format(new Date(start));
      expect(norm(await time.innerText())).toBe(norm(shownTime));
      await time.click();
      await page.fill("#name", "Bob Invitee");
      await page.fill("#email", "bob@example.com");
      await page.fill("#q-company", "Acme <b>");
      await shot(page, "03-form");
      await page.click("button[type=submit]");
      await page.waitForSelector("#confirmation");
      await shot(page, "04-confirmation");

      const invitee = page.locator("#time-invitee");
      const datetime = (await invitee.getAttribute("datetime")) as string;
      const id = new URL((await page.locator("#cancel-link").getAttribute("href")) as string, service.baseUrl).pathname.split("/")[4] as string;
      const stored = await bookingOf(id);
      expect(datetime).toBe(stored.start);
      expect(new Date(stored.start).getTime()).toBe(new Date(start).getTime());
      expect(stored.invitee.name).toBe("Bob Invitee");
      expect(stored.answers).toEqual({ company: "Acme <b>" });
      const full = (zone: string, instant: string) =>
        new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit" }).format(
          new Date(instant),
        );
      expect(norm(await invitee.innerText())).toContain(norm(full(INVITEE_ZONE, stored.start)));
      expect(norm(await page.locator("#time-owner").innerText())).toContain(norm(full(OWNER_ZONE, stored.start)));
      await hasText(page, "#confirmation", "https://meet.example/ann", "contains");

      // Add to calendar: the invites route (another issue's) answers text/calendar once it exists.
      const ics = await fetch(new URL((await page.locator("#ics-link").getAttribute("href")) as string, service.baseUrl));
      if (ics.status !== 404) {
        expect(ics.status).toBe(200);
        expect(ics.headers.get("content-type")).toMatch(/^text\/calendar/);
        expect(await ics.text()).toContain("BEGIN:VEVENT");
      }

      // The same page again in a fresh browser context (nothing cached) once the functions are warm.
      const warmContext = await newContext();
      const warmPage = await warmContext.newPage();
      await warmPage.goto(url("/book/ann/intro"));
      await warmPage.waitForSelector("#calendar-status[data-state=ready]");
      const firstSlotsWarmMs = await warmPage.evaluate(() => performance.getEntriesByName("booking-page:first-slots")[0]?.startTime ?? -1);
      await warmContext.close();

      const bodies = Object.values(transferred).reduce((sum, sizes) => sum + sizes.body, 0);
      const weight = Object.values(transferred).reduce((sum, sizes) => sum + sizes.body + sizes.headers, 0);
      const metrics = {
        firstSlotsMs: Math.round(firstSlotsMs),
        firstSlotsWarmMs: Math.round(firstSlotsWarmMs),
        transferredBytes: weight,
        bodyBytes: bodies,
        byPath: transferred,
      };
      writeFileSync(join(ARTIFACTS, "metrics.json"), `${JSON.stringify(metrics, null, 2)}\n`);
      console.log(
        `booking page: ${weight} bytes transferred (${bodies} of bodies: HTML + script + CSS, gzip), first slots after ${metrics.firstSlotsMs} ms (functions cold), ${metrics.firstSlotsWarmMs} ms (warm)`,
      );
      expect(Object.keys(transferred)).toHaveLength(3);
      expect(weight).toBeLessThan(30_000);
      expect(consoleErrors).toEqual([]);
      await context.close();
    },
    E2E_TIMEOUT,
  );

  test(
    "a slot taken by another request between display and submit: the 409 message, and fresh slots",
    async () => {
      const context = await newContext();
      const page = await context.newPage();
      await openCalendar(page, "/book/ann/intro");
      const start = await pickTime(page, 1);
      await page.fill("#name", "Carla");
      await page.fill("#email", "carla@example.com");
      await page.fill("#q-company", "Initech");
      const taken = await call(service, "POST", "/v1/users/ann/bookings", {
        body: { start, eventType: "intro", durationMinutes: 30, invitee: { name: "Dan", email: "dan@example.com" }, answers: { company: "Hooli" } },
      });
      expect(taken.status).toBe(201);
      await page.click("button[type=submit]");
      await hasText(page, "#alert", "that time was just taken", "contains");
      await page.waitForSelector("#calendar-status[data-state=ready]");
      await isFocused(page, "#alert");
      expect(await page.locator("button.time").count()).toBeGreaterThan(0);
      expect(await page.locator(`button.time[data-start="${start}"]`).count()).toBe(0);
      await shot(page, "05-slot-taken-409");
      await context.close();
    },
    E2E_TIMEOUT,
  );

  test(
    "the reschedule and cancel pages, by the booking's cancel token",
    async () => {
      const slots = await fetch(url(`/v1/users/ann/slots?from=${today()}&to=${inDays(20)}&eventType=intro&timezone=${OWNER_ZONE}`)).then((r) => r.json() as Promise<{ slots: Array<{ start: string }> }>);
      const first = slots.slots[5]?.start as string;
      const made = await call(service, "POST", "/v1/users/ann/bookings", {
        body: { start: first, eventType: "intro", invitee: { name: "Eve", email: "eve@example.com" }, answers: { company: "Corp" } },
      });
      expect(made.status).toBe(201);
      const { booking, cancelToken } = made.body as { booking: { id: string }; cancelToken: string };
      const base = `/book/ann/bookings/${booking.id}`;

      const wrong = await fetch(url(`${base}/cancel?cancelToken=not-the-token`));
      expect(wrong.status).toBe(404);
      expect(wrong.headers.get("content-type")).toMatch(/^text\/html/);

      const context = await newContext();
      const page = await context.newPage();
      await openCalendar(page, `${base}/reschedule?cancelToken=${encodeURIComponent(cancelToken)}`);
      await hasText(page, "h1", "Reschedule: Intro call", "exact");
      await shot(page, "06-reschedule-calendar");
      const start = await pickTime(page, 2);
      await shot(page, "07-reschedule-confirm");
      await page.click("button:has-text('Reschedule to this time')");
      await page.waitForSelector("#confirmation");
      await hasText(page, "#view-heading", "Rescheduled", "exact");
      await shot(page, "08-rescheduled");
      const moved = await bookingOf(booking.id);
      expect(new Date(moved.start).getTime()).toBe(new Date(start).getTime());
      expect(await page.locator("#time-invitee").getAttribute("datetime")).toBe(moved.start);

      await page.click("#cancel-link");
      await hasText(page, "h1", "Cancel: Intro call", "exact");
      await hasText(page, "#view-heading", "Cancel this booking?", "exact");
      await shot(page, "09-cancel");
      await page.click("button:has-text('Cancel the booking')");
      await hasText(page, "#view-heading", "Cancelled", "exact");
      await shot(page, "10-cancelled");
      expect((await bookingOf(booking.id)).status).toBe("cancelled");
      await context.close();
    },
    E2E_TIMEOUT,
  );

  test(
    "keyboard only: a day, a time, the form and the confirmation, with focus moved along",
    async () => {
      const context = await newContext();
      const page = await context.newPage();
      await openCalendar(page, "/book/ann/intro");
      // Tab (never the mouse) to the last free day shown, then Enter.
      const days = await page.locator("button.day.free").count();
      let reached = false;
      let free = 0;
      for (let presses = 0; presses < 120 && !reached; presses++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate(() => (document.activeElement as { matches(css: string): boolean } | null)?.matches("button.day.free") ?? false)) free++;
        reached = free === days;
      }
      expect(reached).toBe(true);
      await page.keyboard.press("Enter");
      await isFocused(page, "#times-heading");
      await page.keyboard.press("Tab");
      await isFocused(page, "button.time");
      await shot(page, "11-keyboard-time");
      await page.keyboard.press("Enter");
      await isFocused(page, "#view-heading");
      await page.keyboard.press("Tab"); // "Change the time"
      await page.keyboard.press("Tab");
      await isFocused(page, "#name");
      await page.keyboard.type("Kim Keys");
      await page.keyboard.press("Tab");
      await page.keyboard.type("kim@example.com");
      await page.keyboard.press("Tab");
      await page.keyboard.type("Keyboards Inc");
      await shot(page, "12-keyboard-form");
      await page.keyboard.press("Enter");
      await page.waitForSelector("#confirmation");
      await isFocused(page, "#view-heading");
      await shot(page, "13-keyboard-confirmation");
      await context.close();
    },
    E2E_TIMEOUT,
  );

  test(
    "at 360 px wide: nothing scrolls sideways, every step fits",
    async () => {
      const context = await newContext({ width: 360, height: 740 });
      const page = await context.newPage();
      const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      await openCalendar(page, "/book/ann/intro");
      expect(await fits()).toBe(true);
      await shot(page, "14-360px-calendar");
      await pickTime(page);
      expect(await fits()).toBe(true);
      await shot(page, "15-360px-form");
      await page.goto(url("/book/ann"));
      expect(await fits()).toBe(true);
      await shot(page, "16-360px-event-types");
      await context.close();
    },
    E2E_TIMEOUT,
  );

  test("the listing page, hidden types by link only, HTML 404s, assets cached for a year", async () => {
    const check = async (path: string) => {
      const response = await fetch(url(path));
      const raw = await response.text();
      assertResponseMatchesContract({ method: "GET", path }, { status: response.status, headers: Object.fromEntries(response.headers), raw });
      return { status: response.status, raw, headers: response.headers };
    };
    const list = await check("/book/ann");
    expect(list.status).toBe(200);
    expect(list.raw).toContain('href="/book/ann/intro"');
    expect(list.raw).not.toContain("secret");
    expect(list.raw).toContain("Ann &lt;Dupont&gt;");
    expect((await check("/book/ann/secret")).status).toBe(200);
    for (const path of ["/book/nobody", "/book/nobody/intro", "/book/ann/nothing", "/book/ann/Not_A_Slug"]) {
      const missing = await check(path);
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-type")).toMatch(/^text\/html/);
    }
    const page = await check("/book/ann/intro");
    expect(page.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    const script = /src="(\/book-assets\/[^"]+)"/.exec(page.raw)?.[1] as string;
    const asset = await check(script);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await check("/book-assets/booking-page.0000.js")).status).toBe(404);
  }, E2E_TIMEOUT);
});

/** Waits (WAIT_MS) until the first element the selector names has the focus. */
async function isFocused(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((css) => document.activeElement !== null && document.querySelector(css) === document.activeElement, selector, { timeout: WAIT_MS });
}

/** Waits (WAIT_MS) until the element's text is (or contains) the given text. */
async function hasText(page: Page, selector: string, text: string, how: "exact" | "contains"): Promise<void> {
  await page
    .waitForFunction(
      ([css, wanted, exact]) => {
        const actual = document.querySelector(css)?.textContent?.trim() ?? "";
        return exact ? actual === wanted : actual.includes(wanted);
      },
      [selector, text, how === "exact"] as const,
      { timeout: WAIT_MS },
    )
    .catch(async () => {
      throw new Error(`${selector}: expected text ${how === "exact" ? "" : "containing "}'${text}', got '${await page.locator(selector).first().textContent()}'`);
    });
}

/** Intl puts a narrow no-break space before AM/PM; compare text with plain spaces. */
const norm = (text: string) => text.replace(/[\u202f\u00a0]/g, " ").trim();
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
