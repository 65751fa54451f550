import fc from "fast-check";
import { parseUtcOffset } from "../../../lib/calendar/zone-names.js";
import { ianaZone } from "../../../lib/time/zone.js";
import { observanceFrom, vtimezoneZone, type Observance } from "../../../lib/calendar/vtimezone.js";
import { propertyRuns } from "../../support/property-runs.js";

const at = (iso: string) => Date.parse(iso);

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
    expect(fixed?.offsetAt(at("2031-06-01T00:00:00Z"))).toBe(330 * 60_000);
    const rdates = vtimezoneZone("Odd", [observance("19700101T000000", "+0000", "+0100"), observance("20310601T000000", "+0100", "+0200", undefined, ["20320101T000000"])]);
    expect(rdates?.offsetAt(at("2031-05-31T00:00:00Z"))).toBe(60 * 60_000);
    expect(rdates?.offsetAt(at("2031-06-02T00:00:00Z"))).toBe(120 * 60_000);
  });

  it("is undefined without a usable observance", () => {
    expect(vtimezoneZone("Empty", [])).toBeUndefined();
  });
});
