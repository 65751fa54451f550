import fc from "fast-check";
import { IANAZone } from "luxon";
import { fixedOffsetZone, ianaZone, instantToWall, parseUtcOffset, wallToInstant } from "../../../lib/calendar/time-zone.js";
import { observanceFrom, vtimezoneZone, type Observance } from "../../../lib/calendar/vtimezone.js";
import { propertyRuns } from "../../support/property-runs.js";

const at = (iso: string) => Date.parse(iso);
const wall = (text: string) => Date.parse(`${text}Z`); // local wall time encoded as if UTC
const ZONES = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "Africa/Casablanca", "UTC"];

describe("wallToInstant", () => {
  const ny = ianaZone("America/New_York");

  it("reads an ordinary wall time with the offset in force", () => {
    expect(wallToInstant(ny, wall("2031-03-03T09:00:00"))).toBe(at("2031-03-03T14:00:00Z"));
    expect(wallToInstant(ny, wall("2031-03-10T09:00:00"))).toBe(at("2031-03-10T13:00:00Z"));
  });

  it("moves a time in the spring-forward gap forward by the gap's length", () => {
    // 02:30 does not exist on 9 March 2031 in New York: 03:30 EDT.
    expect(wallToInstant(ny, wall("2031-03-09T02:30:00"))).toBe(at("2031-03-09T07:30:00Z"));
  });

  it("takes the first occurrence of a time that happens twice", () => {
    expect(wallToInstant(ny, wall("2031-11-02T01:30:00"))).toBe(at("2031-11-02T05:30:00Z"));
    // Lord Howe falls back by 30 minutes.
    expect(wallToInstant(ianaZone("Australia/Lord_Howe"), wall("2031-04-06T01:45:00"))).toBe(at("2031-04-05T14:45:00Z"));
  });

  it("property: a wall time read back from an instant gives that instant or an earlier one with the same wall time", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: at("1990-01-01T00:00:00Z"), max: at("2040-01-01T00:00:00Z") }), (name, t) => {
        const zone = ianaZone(name);
        const instant = Math.floor(t / 60_000) * 60_000;
        const back = wallToInstant(zone, instantToWall(zone, instant));
        expect(instantToWall(zone, back)).toBe(instantToWall(zone, instant));
        expect(back).toBeLessThanOrEqual(instant);
        expect(instant - back).toBeLessThanOrEqual(3_600_000);
      }),
      { numRuns: propertyRuns(2_000) },
    );
  });
});

describe("ianaZone", () => {
  it("property: memoised offsets equal the tz database's, also on transition days", () => {
    const transitions = [at("2031-03-09T07:00:00Z"), at("2031-11-02T06:00:00Z"), at("2031-03-30T01:00:00Z"), at("2031-10-26T01:00:00Z")];
    const zones = new Map(ZONES.map((name) => [name, ianaZone(name)]));
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.oneof(fc.integer({ min: at("1970-01-01T00:00:00Z"), max: at("2045-01-01T00:00:00Z") }), fc.constantFrom(...transitions).chain((t) => fc.integer({ min: t - 7_200_000, max: t + 7_200_000 }))),
        (name, t) => {
          expect((zones.get(name) as ReturnType<typeof ianaZone>).offsetAt(t)).toBe(IANAZone.create(name).offset(t));
        },
      ),
      { numRuns: propertyRuns(3_000) },
    );
  });

  it("rejects unknown names", () => {
    expect(() => ianaZone("Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("parseUtcOffset", () => {
  it.each([
    ["+0100", 60],
    ["-0500", -300],
    ["+0545", 345],
    ["-0330", -210],
    ["UTC+02:00", 120],
    ["(UTC-03:30) Newfoundland", -210],
    ["GMT-4", -240],
    ["+0000", 0],
  ])("%s → %d minutes", (text, minutes) => {
    expect(parseUtcOffset(text)).toBe(minutes);
  });

  it.each(["Europe/Berlin", "", "+2500", "UTC"])("%j is not an offset", (text) => {
    expect(parseUtcOffset(text)).toBeUndefined();
  });

  it("makes fixed-offset zones", () => {
    expect(wallToInstant(fixedOffsetZone(345), wall("2031-01-01T12:00:00"))).toBe(at("2031-01-01T06:15:00Z"));
  });
});

describe("vtimezoneZone", () => {
  const observance = (dtstart: string, from: string, to: string, rrule?: string, rdates: string[] = []): Observance => {
    const o = observanceFrom({ dtstart, offsetFrom: from, offsetTo: to, rrule, rdates });
    if (!o) throw new Error("bad observance");
    return o;
  };

  it("property: Outlook's W. Europe VTIMEZONE (rules from 1601) agrees with Europe/Berlin since 1996", () => {
    const zone = vtimezoneZone("W. Europe Standard Time", [
      observance("16010101T030000", "+0200", "+0100", "FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10"),
      observance("16010101T020000", "+0100", "+0200", "FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3"),
    ]);
    const berlin = ianaZone("Europe/Berlin");
    fc.assert(
      fc.property(fc.integer({ min: at("1996-01-01T00:00:00Z"), max: at("2040-01-01T00:00:00Z") }), (t) => {
        expect(zone?.offsetAt(t)).toBe(berlin.offsetAt(t));
      }),
      { numRuns: propertyRuns(2_000) },
    );
  });

  it("follows historic observances with UNTIL (US rules before and after 2007)", () => {
    const zone = vtimezoneZone("Eastern (custom)", [
      observance("19671029T020000", "-0400", "-0500", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z"),
      observance("19870405T020000", "-0500", "-0400", "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z"),
      observance("20070311T020000", "-0500", "-0400", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"),
      observance("20071104T020000", "-0400", "-0500", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"),
    ]);
    const ny = ianaZone("America/New_York");
    for (const iso of ["2000-03-20T12:00:00Z", "2000-04-10T12:00:00Z", "2006-10-30T12:00:00Z", "2007-03-12T12:00:00Z", "2031-03-09T06:59:00Z", "2031-03-09T07:00:00Z", "2031-11-02T05:59:00Z", "2031-11-02T06:00:00Z"]) {
      expect([iso, zone?.offsetAt(at(iso))]).toEqual([iso, ny.offsetAt(at(iso))]);
    }
  });

  it("reads a single fixed observance and RDATE onsets", () => {
    const fixed = vtimezoneZone("India", [observance("16010101T000000", "+0530", "+0530")]);
    expect(fixed?.offsetAt(at("2031-06-01T00:00:00Z"))).toBe(330);
    const rdates = vtimezoneZone("Odd", [observance("19700101T000000", "+0000", "+0100"), observance("20310601T000000", "+0100", "+0200", undefined, ["20320101T000000"])]);
    expect(rdates?.offsetAt(at("2031-05-31T00:00:00Z"))).toBe(60);
    expect(rdates?.offsetAt(at("2031-06-02T00:00:00Z"))).toBe(120);
  });

  it("is undefined without a usable observance", () => {
    expect(vtimezoneZone("Empty", [])).toBeUndefined();
  });
});
