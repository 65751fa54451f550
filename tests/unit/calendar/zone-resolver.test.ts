import { observanceFrom, type Observance } from "../../../lib/calendar/vtimezone.js";
import { wallToInstant as toInstant, type TimeZone } from "../../../lib/time/zone.js";
import { ZoneResolver } from "../../../lib/calendar/zone-resolver.js";

const wallToInstant = (zone: TimeZone, wall: number) => toInstant(zone, wall, { gap: "shift-by-gap", fold: "earlier" });

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
  it.each([
    // Exchange display names without a VTIMEZONE: the zone's DST applies, not the label's standard offset.
    ["(UTC-05:00) Eastern Time (US & Canada)", "2031-01-15T12:00:00Z", "2031-01-15T17:00:00Z"],
    ["(UTC-05:00) Eastern Time (US & Canada)", "2031-07-01T12:00:00Z", "2031-07-01T16:00:00Z"],
    ["(GMT+10:00) Canberra, Melbourne, Sydney", "2031-07-01T12:00:00Z", "2031-07-01T02:00:00Z"],
    ["(GMT+10:00) Canberra, Melbourne, Sydney", "2031-01-15T12:00:00Z", "2031-01-15T01:00:00Z"],
    ["(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", "2031-07-01T12:00:00Z", "2031-07-01T10:00:00Z"],
    ["(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London", "2031-07-01T12:00:00Z", "2031-07-01T11:00:00Z"],
    ["(UTC-08:00) Pacific Time (US and Canada); Tijuana", "2031-07-01T12:00:00Z", "2031-07-01T19:00:00Z"],
  ])("reads the display name %s at wall %s as %s", (tzid, wall, expected) => {
    const r = resolver();
    expect(new Date(wallToInstant(r.resolve(tzid), at(wall))).toISOString()).toBe(new Date(at(expected)).toISOString());
    expect([...r.unresolved]).toEqual([]);
  });

  it("uses the feed's VTIMEZONE for a TZID that matches an IANA name only case-insensitively", () => {
    const r = resolver({ "Europe/lisbon": easternRules, "europe/berlin": easternRules });
    expect(wallToInstant(r.resolve("Europe/lisbon"), JULY_NOON)).toBe(at("2031-07-01T16:00:00Z"));
    expect(wallToInstant(r.resolve("Europe/Lisbon"), JULY_NOON)).toBe(at("2031-07-01T11:00:00Z"));
    // TZIDs match VTIMEZONEs in any letter case (RFC 5545 §3.2); without one, the IANA zone the name spells.
    expect(wallToInstant(r.resolve("EUROPE/BERLIN"), JULY_NOON)).toBe(at("2031-07-01T16:00:00Z"));
    expect(wallToInstant(r.resolve("europe/madrid"), JULY_NOON)).toBe(at("2031-07-01T10:00:00Z"));
    expect([...r.unresolved]).toEqual([]);
  });
});
