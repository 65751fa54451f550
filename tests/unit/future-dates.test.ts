import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { DateTime } from "luxon";
import { addDays, futureMonday, mondayAfterSpringForward, showIn, utcInstant, zonedInstant } from "../support/future-dates.js";

const DAY = 86_400_000;
/** The day the suite's old fixed dates (March 2031) would have started to fail, and after. */
const LATE = Date.parse("2031-06-01T12:00:00Z");
const weekday = (date: string, zone = "UTC") => DateTime.fromISO(date, { zone }).weekday;

describe("future dates for tests that run against the real clock", () => {
  test("at a simulated now of 2031-06-01 the suite's dates are still ahead", () => {
    expect(futureMonday({ now: LATE })).toBe("2031-06-16");
    expect(mondayAfterSpringForward({ zone: "America/New_York", now: LATE })).toBe("2032-03-15");
    expect(mondayAfterSpringForward({ zone: "Europe/Paris", now: LATE })).toBe("2032-03-29");
    const monday = futureMonday({ zone: "Europe/Paris", now: LATE });
    expect(Date.parse(utcInstant(addDays(monday, -1), "00:00", "Europe/Paris"))).toBeGreaterThan(LATE);
  });

  test("futureMonday: a Monday, at least the given weeks after now in the zone, and less than a week later", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2100-01-01T00:00:00Z") }),
        fc.constantFrom("UTC", "Europe/Paris", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Australia/Lord_Howe"),
        fc.integer({ min: 0, max: 60 }),
        (now, zone, weeksAhead) => {
          const monday = futureMonday({ now, zone, weeksAhead });
          expect(weekday(monday, zone)).toBe(1);
          const today = DateTime.fromMillis(now, { zone }).toISODate()!;
          const days = (Date.parse(`${monday}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY;
          expect(days).toBeGreaterThanOrEqual(7 * weeksAhead);
          expect(days).toBeLessThan(7 * weeksAhead + 7);
        },
      ),
    );
  });

  test("mondayAfterSpringForward: the Friday before is in standard time, that Monday in summer time", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2100-01-01T00:00:00Z") }),
        fc.constantFrom("Europe/Paris", "Europe/London", "America/New_York", "America/Santiago", "Australia/Sydney"),
        (now, zone) => {
          const monday = mondayAfterSpringForward({ now, zone });
          expect(weekday(monday, zone)).toBe(1);
          expect(Date.parse(`${monday}T00:00:00Z`)).toBeGreaterThan(now);
          const offset = (date: string) => DateTime.fromISO(`${date}T12:00`, { zone }).offset;
          expect(offset(monday)).toBeGreaterThan(offset(addDays(monday, -3)));
        },
      ),
    );
    expect(() => mondayAfterSpringForward({ zone: "UTC" })).toThrow(/no spring-forward/);
  });

  test("instants are written as the API writes them", () => {
    expect(zonedInstant("2031-12-01", "09:00", "Europe/Paris")).toBe("2031-12-01T09:00:00+01:00");
    expect(zonedInstant("2031-07-01", "09:00", "Europe/Paris")).toBe("2031-07-01T09:00:00+02:00");
    expect(utcInstant("2031-07-01", "09:00", "Europe/Paris")).toBe("2031-07-01T07:00:00Z");
    expect(showIn("2031-07-01T07:00:00Z", "UTC")).toBe("2031-07-01T07:00:00+00:00");
    expect(addDays("2031-12-31", 1)).toBe("2032-01-01");
  });
});

describe("the tests that run handlers or the service against the real clock", () => {
  /**
   * The calendar helpers' files pass a fake `now` to the poller and the services (and are kept by others);
   * every other integration and end-to-end test takes its dates from tests/support/future-dates.ts.
   */
  const explicitClock = /^calendar-(sync|url)/;
  const dir = (name: string) => new URL(`../${name}/`, import.meta.url);
  const files = ["integration", "e2e"].flatMap((name) =>
    readdirSync(dir(name))
      .filter((file) => file.endsWith(".ts") && !explicitClock.test(file))
      .map((file) => ({ file: `${name}/${file}`, text: readFileSync(new URL(file, dir(name)), "utf8") })),
  );

  test("hold no fixed date from 2030 on (impossible dates, which are format checks, aside)", () => {
    const real = (year: string, month: string, day: string) => {
      const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
      return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
    };
    const fixed = files.flatMap(({ file, text }) =>
      [...text.matchAll(/\b(20[3-9]\d|2[1-9]\d\d)-(\d\d)-(\d\d)/g)].filter((m) => real(m[1]!, m[2]!, m[3]!)).map((m) => `${file}: ${m[0]}`),
    );
    expect(fixed).toEqual([]);
  });
});
