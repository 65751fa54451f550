import fc from "fast-check";
import { DateTime, IANAZone } from "luxon";
import {
  formatLocalDateTime,
  formatOffsetDateTime,
  formatUtc,
  parseInstant,
  parseLocalDateTime,
  tryParseInstant,
  tryParseLocalDateTime,
} from "../../../lib/engine/local-time.js";
import { zoneClock } from "../../../lib/engine/zone.js";
import { EngineInputError } from "../../../lib/engine/errors.js";
import { propertyRuns } from "../../support/property-runs.js";

const Z = (iso: string) => Date.parse(iso);
const ZONES = [
  "America/New_York",
  "Europe/London",
  "Europe/Paris",
  "Australia/Sydney",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Asia/Kolkata",
  "America/Mexico_City",
  "America/Santiago", // changes at local midnight
  "Africa/Casablanca", // suspends DST for Ramadan
  "America/St_Johns", // −03:30
  "Pacific/Apia",
  "UTC",
];
const instant = fc.integer({ min: Z("1990-01-01T00:00:00Z") / 60_000, max: Z("2060-01-01T00:00:00Z") / 60_000 }).map((m) => m * 60_000);

describe("zone clock", () => {
  it("agrees with luxon on the UTC offset at any instant", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, fc.integer({ min: 0, max: 59_999 }), (zone, t, ms) => {
        const at = t + ms;
        expect(zoneClock(zone).offsetAt(at)).toBe(IANAZone.create(zone).offset(at) * 60_000);
      }),
      { numRuns: propertyRuns(3000) },
    );
  });

  it("reads a wall time back to its first occurrence, and keeps wall-time order", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, instant, (zone, t1, t2) => {
        const clock = zoneClock(zone);
        const wall = clock.wallAt(t1);
        const back = clock.toUtc(wall);
        expect(clock.wallAt(back)).toBe(wall);
        expect(back).toBeLessThanOrEqual(t1);
        // A wall time read back differs only inside a fall-back overlap, by the size of the change.
        if (back !== t1) expect(clock.offsetAt(back)).toBeGreaterThan(clock.offsetAt(t1));
        const [w1, w2] = [clock.wallAt(t1), clock.wallAt(t2)].sort((a, b) => a - b) as [number, number];
        expect(clock.toUtc(w1)).toBeLessThanOrEqual(clock.toUtc(w2));
      }),
      { numRuns: propertyRuns(3000) },
    );
  });

  it("moves a wall time inside a spring-forward gap to the first instant after the gap", () => {
    const ny = "America/New_York";
    // Pinned: 02:30 does not exist on 2031-03-09 in New York; 03:00 EDT = 07:00Z.
    expect(parseLocalDateTime("2031-03-09T02:30", ny)).toBe(Z("2031-03-09T07:00:00Z"));
    expect(parseLocalDateTime("2031-03-09T02:00", ny)).toBe(Z("2031-03-09T07:00:00Z"));
    expect(parseLocalDateTime("2031-03-09T01:59", ny)).toBe(Z("2031-03-09T06:59:00Z"));
    expect(parseLocalDateTime("2031-03-09T03:00", ny)).toBe(Z("2031-03-09T07:00:00Z"));
    // luxon's own default shifts by the gap instead (03:30 EDT); the engine does not use it.
    expect(DateTime.fromISO("2031-03-09T02:30", { zone: ny }).toMillis()).toBe(Z("2031-03-09T07:30:00Z"));
  });

  it("takes the first occurrence of a wall time that exists twice", () => {
    const ny = "America/New_York";
    expect(parseLocalDateTime("2031-11-02T01:30", ny)).toBe(Z("2031-11-02T05:30:00Z")); // 01:30 EDT
    expect(parseLocalDateTime("2031-11-02T00:59", ny)).toBe(Z("2031-11-02T04:59:00Z"));
    expect(parseLocalDateTime("2031-11-02T02:00", ny)).toBe(Z("2031-11-02T07:00:00Z")); // 02:00 EST
    // luxon's default picks the second occurrence (01:30 EST).
    expect(DateTime.fromISO("2031-11-02T01:30", { zone: ny }).toMillis()).toBe(Z("2031-11-02T06:30:00Z"));
  });

  it("handles zones whose clocks change at midnight (America/Santiago)", () => {
    const clock = zoneClock("America/Santiago");
    // 2031-09-07 00:00 −04 does not exist (clocks go to 01:00 −03): the date starts at 04:00Z.
    expect(clock.startOfDay(Date.UTC(2031, 8, 7) / 86_400_000)).toBe(Z("2031-09-07T04:00:00Z"));
    expect(formatLocalDateTime(Z("2031-09-07T04:00:00Z"), "America/Santiago")).toBe("2031-09-07T01:00");
  });

  it("rejects unknown zones", () => {
    expect(() => zoneClock("Mars/Olympus_Mons")).toThrow(EngineInputError);
    expect(() => zoneClock("Mars/Olympus_Mons")).toThrow(/not an IANA time zone/);
  });
});

describe("parsing and rendering instants", () => {
  it("parses ISO 8601 date-times that carry an offset, and only those", () => {
    expect(parseInstant("2030-09-27T09:00:00Z")).toBe(Z("2030-09-27T09:00:00Z"));
    expect(parseInstant("2030-09-27T14:30:00+05:30")).toBe(Z("2030-09-27T09:00:00Z"));
    expect(parseInstant("2030-09-27T04:00-05:00")).toBe(Z("2030-09-27T09:00:00Z"));
    expect(parseInstant("2030-09-27T09:00:00.250Z")).toBe(Z("2030-09-27T09:00:00.250Z"));
    for (const bad of ["2030-09-27T09:00:00", "2030-09-27", "2031-02-30T09:00Z", "2030-09-27T24:00Z", "2030-09-27T09:00+25:00", "soon"]) {
      expect(tryParseInstant(bad)).toBeUndefined();
    }
    expect(() => parseInstant("2030-09-27T09:00:00", "availability[0].start_time")).toThrow(
      /availability\[0\]\.start_time: .* with an offset/,
    );
  });

  it("reads the seed's local date-times in the owner's zone", () => {
    expect(parseLocalDateTime("2030-12-01T09:00", "Europe/Paris")).toBe(Z("2030-12-01T08:00:00Z"));
    expect(tryParseLocalDateTime("2030-12-01T09:00:00", "UTC")).toBeUndefined();
    expect(tryParseLocalDateTime("2031-02-29T09:00", "UTC")).toBeUndefined();
  });

  it("renders wall time, offset time and UTC", () => {
    const t = Z("2031-01-06T08:00:00Z");
    expect(formatLocalDateTime(t, "Europe/Paris")).toBe("2031-01-06T09:00");
    expect(formatLocalDateTime(Z("2030-12-01T23:00:00Z"), "Europe/Paris")).toBe("2030-12-02T00:00");
    expect(formatOffsetDateTime(t, "Europe/Paris")).toBe("2031-01-06T09:00:00+01:00");
    expect(formatOffsetDateTime(t, "Pacific/Chatham")).toBe("2031-01-06T21:45:00+13:45");
    expect(formatOffsetDateTime(t, "America/St_Johns")).toBe("2031-01-06T04:30:00-03:30");
    expect(formatUtc(t)).toBe("2031-01-06T08:00:00Z");
  });
});

describe("calendar arithmetic", () => {
  it("formats every day number like Date does, across centuries and leap days", async () => {
    const { formatDay, tryDayNumber } = await import("../../../lib/engine/calendar-date.js");
    for (let day = -719_162; day <= 2_932_896; day += 97) { // 0001-01-01 … 9999-12-31
      expect(formatDay(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
    }
    for (const date of ["1600-02-29", "1900-02-28", "2000-02-29", "2031-12-31", "9999-12-31"]) expect(formatDay(tryDayNumber(date)!)).toBe(date);
  });
});
