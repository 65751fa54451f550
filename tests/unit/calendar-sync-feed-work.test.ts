import { ByteGate, countEvents, splitFeed } from "../../lib/calendar-sync/feed-work.js";

describe("countEvents", () => {
  test("counts BEGIN:VEVENT lines in any case and line ending, and nothing else", () => {
    const text = [
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "DESCRIPTION:not BEGIN:VEVENT here",
      "END:VEVENT",
      "begin:vevent",
      "END:VEVENT",
      "BEGIN:VEVENT  ",
      "END:VEVENT",
      "BEGIN:VTODO",
      "END:VTODO",
      "END:VCALENDAR",
    ];
    expect(countEvents(text.join("\r\n"))).toBe(3);
    expect(countEvents(text.join("\n"))).toBe(3);
    expect(countEvents("")).toBe(0);
  });

  test("counts 70,000 events in a 5 MB feed quickly", () => {
    const text = `BEGIN:VCALENDAR\r\n${"BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20310101T000000Z\r\nDURATION:PT30M\r\nEND:VEVENT\r\n".repeat(70_000)}END:VCALENDAR\r\n`;
    const started = performance.now();
    expect(countEvents(text)).toBe(70_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("ByteGate", () => {
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  test("keeps the bytes in flight under the capacity, first come first served", async () => {
    const gate = new ByteGate(10);
    const order: string[] = [];
    const releases: Record<string, () => void> = {};
    const job = (name: string, weight: number) =>
      gate.run(weight, () => {
        order.push(name);
        return new Promise<void>((resolve) => (releases[name] = resolve));
      });
    const a = job("a", 6);
    const b = job("b", 6); // waits for a
    const c = job("c", 1); // would fit, but does not overtake b
    await tick();
    expect(order).toEqual(["a"]);
    releases.a!();
    await a;
    await tick();
    expect(order).toEqual(["a", "b", "c"]);
    releases.b!();
    releases.c!();
    await Promise.all([b, c]);
    expect(gate.peak).toBeLessThanOrEqual(10);
  });

  test("a weight over the capacity runs alone, and an error releases its bytes", async () => {
    const gate = new ByteGate(10);
    await expect(gate.run(50, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    let ran = false;
    await gate.run(10, () => void (ran = true));
    expect(ran).toBe(true);
    expect(gate.peak).toBe(10);
  });
});

describe("splitFeed", () => {
  const T = Date.parse("2031-03-03T00:00:00Z");
  const DAY = 86_400_000;
  // A custom VTIMEZONE, a weekly series whose moved instance is far away in the text, a folded UID,
  // events without a UID, an all-day event, and filler so the feed is cut into many pieces.
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "X-WR-CALNAME:Test",
    "BEGIN:VTIMEZONE",
    "TZID:Custom Paris",
    "BEGIN:STANDARD",
    "DTSTART:19701025T030000",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:19700329T020000",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
    "BEGIN:VEVENT",
    "UID:series-with-a-very-long-identifier-that-is-folded-over-two-lines-by-the-writ",
    " er@example.com",
    "DTSTART;TZID=Custom Paris:20310303T090000",
    "DTEND;TZID=Custom Paris:20310303T100000",
    "RRULE:FREQ=WEEKLY;BYDAY=MO,WE",
    "EXDATE;TZID=Custom Paris:20310305T090000",
    "END:VEVENT",
  ];
  for (let i = 0; i < 400; i++) {
    const start = new Date(T + (i % 14) * DAY + (i % 9) * 3_600_000 + 5 * 60_000).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    lines.push("BEGIN:VEVENT", ...(i % 50 === 0 ? [] : [`UID:filler-${i}`]), `DTSTART:${start}`, "DURATION:PT20M", `DESCRIPTION:${"x".repeat(200)}`, "END:VEVENT");
  }
  lines.push("BEGIN:VEVENT", "UID:day", "DTSTART;VALUE=DATE:20310307", "END:VEVENT");
  lines.push(
    "BEGIN:VEVENT",
    "UID:series-with-a-very-long-identifier-that-is-folded-over-two-lines-by-the-writ",
    " er@example.com",
    "RECURRENCE-ID;TZID=Custom Paris:20310310T090000",
    "DTSTART;TZID=Custom Paris:20310310T150000",
    "DTEND;TZID=Custom Paris:20310310T160000",
    "END:VEVENT",
    "END:VCALENDAR",
  );
  const feed = `${lines.join("\r\n")}\r\n`;
  const window = { ownerZone: "Europe/Paris", from: T, to: T + 14 * DAY };

  test("pieces read one by one give exactly the busy time of the whole feed", async () => {
    const { busyIntervalsFromIcs } = await import("../../lib/calendar/ics.js");
    const { mergeBusy } = await import("../../lib/calendar-sync/busy-set.js");
    const pieces = splitFeed(feed, 8 * 1024);
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) {
      expect(piece).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nX-WR-CALNAME:Test\r\nBEGIN:VTIMEZONE/);
      expect(piece).toMatch(/END:VCALENDAR\r\n$/);
    }
    expect(pieces.reduce((n, p) => n + countEvents(p), 0)).toBe(countEvents(feed));
    const whole = busyIntervalsFromIcs(feed, window).intervals;
    const parts = pieces.flatMap((piece) => busyIntervalsFromIcs(piece, window).intervals);
    expect(parts).toHaveLength(whole.length);
    expect(mergeBusy(parts, window.to, 1e9)).toEqual(mergeBusy(whole, window.to, 1e9));
    // The moved instance is with its series: 10 March is at 15:00 local, not 09:00.
    expect(whole.some((i) => i.start === Date.parse("2031-03-10T14:00:00Z"))).toBe(true);
    expect(whole.some((i) => i.start === Date.parse("2031-03-10T08:00:00Z"))).toBe(false);
  });

  test("a small feed, or one with two calendars, stays whole", () => {
    expect(splitFeed(feed, feed.length)).toEqual([feed]);
    const two = `${feed}${feed}`;
    expect(splitFeed(two, 8 * 1024)).toEqual([two]);
  });
});
