import { observanceFrom, type Observance } from "../../../lib/calendar/vtimezone.js";
import { wallToInstant } from "../../../lib/calendar/time-zone.js";
import { ZoneResolver } from "../../../lib/calendar/zone-resolver.js";

const at = (iso: string) => Date.parse(iso);
const JULY_NOON = Date.parse("2031-07-01T12:00:00Z"); // a wall time, read in each zone

const easternRules: Observance[] = [
  observanceFrom({ dtstart: "16010101T020000", offsetFrom: "-0400", offsetTo: "-0500", rrule: "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", rdates: [] }),
  observanceFrom({ dtstart: "16010101T020000", offsetFrom: "-0500", offsetTo: "-0400", rrule: "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", rdates: [] }),
].filter((o): o is Observance => o !== undefined);

function resolver(vtimezones: Record<string, Observance[]> = {}) {
  return new ZoneResolver("Europe/Berlin", new Map(Object.entries(vtimezones)));
}

describe("ZoneResolver", () => {
  it.each([
    ["America/New_York", "2031-07-01T16:00:00Z"],
    ["Eastern Standard Time", "2031-07-01T16:00:00Z"],
    ['"W. Europe Standard Time"', "2031-07-01T10:00:00Z"],
    ["/mozilla.org/20050126_1/Europe/Berlin", "2031-07-01T10:00:00Z"],
    ["/softwarestudio.org/Olson_20011030_5/America/New_York", "2031-07-01T16:00:00Z"],
    ["tzone://Microsoft/Utc", "2031-07-01T12:00:00Z"],
    ["(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", "2031-07-01T06:30:00Z"],
    ["UTC", "2031-07-01T12:00:00Z"],
  ])("resolves %s", (tzid, expected) => {
    const r = resolver();
    expect(new Date(wallToInstant(r.resolve(tzid), JULY_NOON)).toISOString()).toBe(new Date(at(expected)).toISOString());
    expect([...r.unresolved]).toEqual([]);
  });

  it("uses the feed's VTIMEZONE for a custom TZID, and prefers IANA data for an IANA TZID", () => {
    const r = resolver({ "Customized Time Zone": easternRules, "Europe/Paris": easternRules });
    expect(wallToInstant(r.resolve("Customized Time Zone"), JULY_NOON)).toBe(at("2031-07-01T16:00:00Z"));
    expect(wallToInstant(r.resolve("Europe/Paris"), JULY_NOON)).toBe(at("2031-07-01T10:00:00Z"));
  });

  it("falls back to the owner's zone for a TZID it cannot resolve, and reports it", () => {
    const r = resolver();
    expect(wallToInstant(r.resolve("Somewhere Nice"), JULY_NOON)).toBe(at("2031-07-01T10:00:00Z"));
    expect([...r.unresolved]).toEqual(["Somewhere Nice"]);
  });
});
