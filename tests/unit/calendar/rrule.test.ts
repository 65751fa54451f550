import fc from "fast-check";
import { expandRecurrence, parseRecurrenceRule, type RecurrenceRule } from "../../../lib/calendar/rrule.js";
import { DAY_MS, dayNumber, weekdayOfDay } from "../../../lib/calendar/wall-time.js";
import { propertyRuns } from "../../support/property-runs.js";

/** Wall times written as ISO without zone ("1997-09-02T09:00"). */
const wall = (text: string): number => Date.parse(`${text}:00Z`);
const show = (walls: number[]): string[] => walls.map((w) => new Date(w).toISOString().slice(0, 16));

function rule(text: string): RecurrenceRule {
  const parsed = parseRecurrenceRule(text);
  if (!parsed) throw new Error(`unparseable ${text}`);
  return parsed;
}

/** Expands in a wide window, applying a floating UNTIL if the rule has one. */
function expand(text: string, dtstart: string, to = "2010-01-01T00:00", from = "1900-01-01T00:00"): string[] {
  const r = rule(text);
  const until = r.until ? Date.parse(`${r.until.slice(0, 4)}-${r.until.slice(4, 6)}-${r.until.slice(6, 8)}T${r.until.slice(9, 11) || "23"}:${r.until.slice(11, 13) || "59"}:${r.until.slice(13, 15) || "59"}Z`) : undefined;
  return show(
    expandRecurrence(r, wall(dtstart), {
      fromWall: wall(from),
      toWall: wall(to),
      isAfterUntil: until === undefined ? undefined : (w) => w > until,
      budget: { remaining: 1_000_000, exhausted: false },
    }),
  );
}

describe("parseRecurrenceRule", () => {
  it("reads every rule part", () => {
    expect(parseRecurrenceRule("FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1FR,-1MO,TU;BYMONTH=1,6;BYSETPOS=-1;WKST=SU")).toEqual({
      freq: "MONTHLY",
      interval: 2,
      count: 10,
      byDay: [
        { weekday: 4, ordinal: 1 },
        { weekday: 0, ordinal: -1 },
        { weekday: 1, ordinal: 0 },
      ],
      byMonth: [1, 6],
      bySetPos: [-1],
      wkst: 6,
    });
    expect(parseRecurrenceRule("RRULE:freq=weekly;until=20310327T180000Z")).toMatchObject({ freq: "WEEKLY", until: "20310327T180000Z" });
  });

  it.each(["", "FREQ=FORTNIGHTLY", "INTERVAL=2", "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;BYHOUR=25", "FREQ=WEEKLY;BYDAY=XX", "FREQ=MONTHLY;BYMONTHDAY=0", "FREQ=DAILY;COUNT=abc"])(
    "rejects %j",
    (text) => {
      expect(parseRecurrenceRule(text)).toBeUndefined();
    },
  );
});

describe("expandRecurrence: RFC 5545 §3.8.5.3 examples", () => {
  it("daily for 10 occurrences", () => {
    expect(expand("FREQ=DAILY;COUNT=10", "1997-09-02T09:00")).toEqual(
      ["02", "03", "04", "05", "06", "07", "08", "09", "10", "11"].map((d) => `1997-09-${d}T09:00`),
    );
  });

  it("every 10 days, 5 occurrences", () => {
    expect(expand("FREQ=DAILY;INTERVAL=10;COUNT=5", "1997-09-02T09:00")).toEqual([
      "1997-09-02T09:00",
      "1997-09-12T09:00",
      "1997-09-22T09:00",
      "1997-10-02T09:00",
      "1997-10-12T09:00",
    ]);
  });

  it("weekly on Tuesday and Thursday for five weeks (UNTIL)", () => {
    expect(expand("FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH", "1997-09-02T09:00")).toEqual(
      ["09-02", "09-04", "09-09", "09-11", "09-16", "09-18", "09-23", "09-25", "09-30", "10-02"].map((d) => `1997-${d}T09:00`),
    );
  });

  it("every other week on Tuesday and Thursday, 8 occurrences", () => {
    expect(expand("FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH", "1997-09-02T09:00")).toEqual(
      ["09-02", "09-04", "09-16", "09-18", "09-30", "10-02", "10-14", "10-16"].map((d) => `1997-${d}T09:00`),
    );
  });

  it("WKST changes which days fall in an every-other-week period", () => {
    expect(expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", "1997-08-05T09:00")).toEqual(
      ["08-05", "08-10", "08-19", "08-24"].map((d) => `1997-${d}T09:00`),
    );
    expect(expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", "1997-08-05T09:00")).toEqual(
      ["08-05", "08-17", "08-19", "08-31"].map((d) => `1997-${d}T09:00`),
    );
  });

  it("monthly on the first Friday for 10 occurrences", () => {
    expect(expand("FREQ=MONTHLY;COUNT=10;BYDAY=1FR", "1997-09-05T09:00")).toEqual(
      ["1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05", "1998-01-02", "1998-02-06", "1998-03-06", "1998-04-03", "1998-05-01", "1998-06-05"].map(
        (d) => `${d}T09:00`,
      ),
    );
  });

  it("monthly on the second-to-last Monday for 6 months", () => {
    expect(expand("FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", "1997-09-22T09:00")).toEqual(
      ["1997-09-22", "1997-10-20", "1997-11-17", "1997-12-22", "1998-01-19", "1998-02-16"].map((d) => `${d}T09:00`),
    );
  });

  it("monthly on the third-to-last day", () => {
    expect(expand("FREQ=MONTHLY;BYMONTHDAY=-3", "1997-09-28T09:00", "1998-03-01T00:00")).toEqual(
      ["1997-09-28", "1997-10-29", "1997-11-28", "1997-12-29", "1998-01-29", "1998-02-26"].map((d) => `${d}T09:00`),
    );
  });

  it("yearly in June and July for 10 occurrences", () => {
    expect(expand("FREQ=YEARLY;COUNT=10;BYMONTH=6,7", "1997-06-10T09:00")).toEqual(
      [1997, 1998, 1999, 2000, 2001].flatMap((y) => [`${y}-06-10T09:00`, `${y}-07-10T09:00`]),
    );
  });

  it("every 20th Monday of the year", () => {
    expect(expand("FREQ=YEARLY;BYDAY=20MO", "1997-05-19T09:00", "2000-01-01T00:00")).toEqual([
      "1997-05-19T09:00",
      "1998-05-18T09:00",
      "1999-05-17T09:00",
    ]);
  });

  it("Monday of week number 20", () => {
    expect(expand("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "1997-05-12T09:00", "2000-01-01T00:00")).toEqual([
      "1997-05-12T09:00",
      "1998-05-11T09:00",
      "1999-05-17T09:00",
    ]);
  });

  it("every Friday the 13th (DTSTART itself always counts as the first occurrence)", () => {
    expect(expand("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "1997-09-02T09:00", "2001-01-01T00:00")).toEqual([
      "1997-09-02T09:00",
      "1998-02-13T09:00",
      "1998-03-13T09:00",
      "1998-11-13T09:00",
      "1999-08-13T09:00",
      "2000-10-13T09:00",
    ]);
  });

  it("the third of Tuesday/Wednesday/Thursday in the month (BYSETPOS)", () => {
    expect(expand("FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", "1997-09-04T09:00")).toEqual([
      "1997-09-04T09:00",
      "1997-10-07T09:00",
      "1997-11-06T09:00",
    ]);
  });

  it("the last work day of the month (BYSETPOS=-1)", () => {
    expect(expand("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "1997-09-30T09:00", "1998-04-01T00:00")).toEqual(
      ["1997-09-30", "1997-10-31", "1997-11-28", "1997-12-31", "1998-01-30", "1998-02-27", "1998-03-31"].map((d) => `${d}T09:00`),
    );
  });

  it("every 3 hours from 09:00 until 17:00", () => {
    expect(expand("FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z", "1997-09-02T09:00")).toEqual([
      "1997-09-02T09:00",
      "1997-09-02T12:00",
      "1997-09-02T15:00",
    ]);
  });

  it("every 15 minutes for 6 occurrences", () => {
    expect(expand("FREQ=MINUTELY;INTERVAL=15;COUNT=6", "1997-09-02T09:00")).toEqual(
      ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15"].map((t) => `1997-09-02T${t}`),
    );
  });

  it("every 20 minutes from 09:00 to 16:40 (DAILY with BYHOUR and BYMINUTE)", () => {
    const day = expand("FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40", "1997-09-02T09:00", "1997-09-02T23:59");
    expect(day).toHaveLength(24);
    expect(day[0]).toBe("1997-09-02T09:00");
    expect(day[23]).toBe("1997-09-02T16:40");
  });

  it("skips months without the 31st and years without 29 February", () => {
    expect(expand("FREQ=MONTHLY;COUNT=4", "2031-01-31T10:00", "2040-01-01T00:00")).toEqual([
      "2031-01-31T10:00",
      "2031-03-31T10:00",
      "2031-05-31T10:00",
      "2031-07-31T10:00",
    ]);
    expect(expand("FREQ=YEARLY;COUNT=3", "2028-02-29T10:00", "2050-01-01T00:00")).toEqual([
      "2028-02-29T10:00",
      "2032-02-29T10:00",
      "2036-02-29T10:00",
    ]);
  });
});

describe("expandRecurrence by window", () => {
  const budget = () => ({ remaining: 1_000_000, exhausted: false });

  it("jumps to the window for a rule without COUNT: a daily series from 2009 costs a few periods in 2031", () => {
    const b = budget();
    const out = expandRecurrence(rule("FREQ=DAILY"), wall("2009-01-01T08:00"), {
      fromWall: wall("2031-06-01T00:00"),
      toWall: wall("2031-06-03T23:59"),
      budget: b,
    });
    expect(show(out)).toEqual(["2031-06-01T08:00", "2031-06-02T08:00", "2031-06-03T08:00"]);
    expect(1_000_000 - b.remaining).toBeLessThan(10);
  });

  it("counts from DTSTART when the rule has COUNT, even with the window far ahead", () => {
    const out = expandRecurrence(rule("FREQ=WEEKLY;COUNT=100"), wall("2030-01-07T08:00"), {
      fromWall: wall("2031-11-20T00:00"),
      toWall: wall("2032-12-31T00:00"),
      budget: budget(),
    });
    // Occurrence 100 is 99 weeks after 2030-01-07.
    expect(show(out)).toEqual(["2031-11-24T08:00", "2031-12-01T08:00"]);
  });

  it("jumps to the window with COUNT too when every period holds exactly one occurrence (no BYxxx part)", () => {
    const b = { remaining: 1_000, exhausted: false };
    const out = expandRecurrence(rule("FREQ=MINUTELY;INTERVAL=7;COUNT=10000000"), wall("2011-01-01T00:00"), {
      fromWall: wall("2031-06-01T00:00"),
      toWall: wall("2031-06-01T00:30"),
      budget: b,
    });
    const expected: number[] = [];
    for (let w = wall("2011-01-01T00:00"); w <= wall("2031-06-01T00:30"); w += 420_000) if (w >= wall("2031-06-01T00:00")) expected.push(w);
    expect(out).toEqual(expected);
    expect(b.exhausted).toBe(false);
    // COUNT still ends the series: occurrence 100 of a weekly rule is 99 weeks on.
    const weekly = expandRecurrence(rule("FREQ=WEEKLY;COUNT=100"), wall("2030-01-07T08:00"), {
      fromWall: wall("2031-11-20T00:00"),
      toWall: wall("2032-12-31T00:00"),
      budget: { remaining: 10, exhausted: false },
    });
    expect(show(weekly)).toEqual(["2031-11-24T08:00", "2031-12-01T08:00"]);
  });

  it("stops at the per-series cap and marks the budget exhausted", () => {
    const b = budget();
    const out = expandRecurrence(rule("FREQ=MINUTELY"), wall("2031-01-01T00:00"), {
      fromWall: wall("2031-01-01T00:00"),
      toWall: wall("2031-12-31T00:00"),
      budget: b,
      maxOccurrences: 100,
    });
    expect(out).toHaveLength(100);
    expect(b.exhausted).toBe(true);
  });

  const ruleArbitrary = fc
    .record({
      freq: fc.constantFrom("DAILY", "WEEKLY", "MONTHLY", "YEARLY"),
      interval: fc.integer({ min: 1, max: 4 }),
      count: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
      byDay: fc.option(fc.uniqueArray(fc.constantFrom("MO", "TU", "WE", "TH", "FR", "SA", "SU", "1MO", "-1FR", "2WE"), { minLength: 1, maxLength: 3 }), {
        nil: undefined,
      }),
      byMonthDay: fc.option(fc.uniqueArray(fc.constantFrom(1, 15, 28, 31, -1), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      byMonth: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
      bySetPos: fc.option(fc.constantFrom(1, -1, 2), { nil: undefined }),
    })
    .map((r) => {
      const parts = [`FREQ=${r.freq}`, `INTERVAL=${r.interval}`];
      if (r.count !== undefined) parts.push(`COUNT=${r.count}`);
      // Ordinal weekdays only mean something for MONTHLY/YEARLY; RFC forbids them elsewhere.
      if (r.byDay) parts.push(`BYDAY=${r.byDay.filter((d) => r.freq === "MONTHLY" || r.freq === "YEARLY" || /^[A-Z]{2}$/.test(d)).join(",") || "MO"}`);
      if (r.byMonthDay && r.freq !== "WEEKLY") parts.push(`BYMONTHDAY=${r.byMonthDay.join(",")}`);
      if (r.byMonth) parts.push(`BYMONTH=${r.byMonth.join(",")}`);
      if (r.bySetPos !== undefined) parts.push(`BYSETPOS=${r.bySetPos}`);
      return parts.join(";");
    });
  const dayArbitrary = fc.integer({ min: dayNumber(wall("2028-01-01T00:00")), max: dayNumber(wall("2032-12-31T00:00")) });

  it("property: expanding inside a window equals filtering a wider expansion", () => {
    fc.assert(
      fc.property(ruleArbitrary, dayArbitrary, fc.integer({ min: 0, max: 23 }), dayArbitrary, fc.integer({ min: 1, max: 400 }), (text, startDay, hour, fromDay, length) => {
        const r = rule(text);
        const dtstart = startDay * DAY_MS + hour * 3_600_000;
        const fromWall = fromDay * DAY_MS;
        const toWall = fromWall + length * DAY_MS;
        const wide = expandRecurrence(r, dtstart, { fromWall: wall("2027-01-01T00:00"), toWall: wall("2035-01-01T00:00"), budget: budget() });
        const narrow = expandRecurrence(r, dtstart, { fromWall, toWall, budget: budget() });
        expect(narrow).toEqual(wide.filter((w) => w >= fromWall && w <= toWall));
        // Ascending, unique, never before DTSTART, COUNT respected.
        expect(wide.every((w, i) => i === 0 || w > (wide[i - 1] as number))).toBe(true);
        expect(wide[0]).toBe(dtstart);
        if (r.count !== undefined) expect(wide.length).toBeLessThanOrEqual(r.count);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("property: a weekly BYDAY rule matches a day-by-day brute force", () => {
    fc.assert(
      fc.property(
        dayArbitrary,
        fc.integer({ min: 1, max: 3 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 0, max: 6 }),
        (startDay, interval, weekdays, wkst) => {
          const codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
          const r = rule(`FREQ=WEEKLY;INTERVAL=${interval};BYDAY=${weekdays.map((d) => codes[d]).join(",")};WKST=${codes[wkst]}`);
          const dtstart = startDay * DAY_MS + 9 * 3_600_000;
          const toWall = dtstart + 120 * DAY_MS;
          const got = expandRecurrence(r, dtstart, { fromWall: dtstart, toWall, budget: budget() });
          const weekStart = startDay - ((weekdayOfDay(startDay) - wkst + 7) % 7);
          const expected = [dtstart];
          for (let day = startDay + 1; day * DAY_MS + 9 * 3_600_000 <= toWall; day++) {
            const weekIndex = Math.floor((day - weekStart) / 7);
            if (weekIndex % interval === 0 && weekdays.includes(weekdayOfDay(day))) expected.push(day * DAY_MS + 9 * 3_600_000);
          }
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});
