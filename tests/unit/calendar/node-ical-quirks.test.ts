/**
 * node-ical 0.27.2 behaviour that lib/calendar/ics-parse.ts works around by
 * reading raw values instead of node-ical's Dates. If one of these starts
 * failing after an upgrade, node-ical changed: revisit the workaround.
 */
import { sync as nodeIcal } from "node-ical";
import { busyIntervalsFromIcs } from "../../../lib/calendar/ics.js";
import { at, calendar, rows } from "./fixtures.js";

const BERLIN_VTIMEZONE = `
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
END:VTIMEZONE`;

function nodeIcalStart(body: string): Date | undefined {
  const parsed = nodeIcal.parseICS(calendar(body)) as Record<string, { type?: string; start?: Date }>;
  return Object.values(parsed).find((c) => c.type === "VEVENT")?.start;
}

const window = { from: at("2031-03-01T00:00:00Z"), to: at("2031-12-01T00:00:00Z") };

describe("node-ical quirks, and what busyIntervalsFromIcs does instead", () => {
  it("a floating time borrows the feed's VTIMEZONE in node-ical; here it is the owner's zone", () => {
    const body = `${BERLIN_VTIMEZONE}
BEGIN:VEVENT
UID:f
DTSTART:20310310T090000
DTEND:20310310T100000
END:VEVENT`;
    expect(nodeIcalStart(body)?.toISOString()).toBe("2031-03-10T08:00:00.000Z"); // 09:00 Berlin
    expect(busyIntervalsFromIcs(calendar(body), { ownerZone: "America/New_York", ...window }).intervals[0]?.start).toBe(at("2031-03-10T13:00:00Z"));
  });

  it("an all-day date is a host-local midnight in node-ical; here it is the owner's midnight", () => {
    const body = `
BEGIN:VEVENT
UID:d
DTSTART;VALUE=DATE:20310310
END:VEVENT`;
    expect(nodeIcalStart(body)?.toISOString()).toBe("2031-03-10T00:00:00.000Z"); // tests run with TZ=UTC
    expect(busyIntervalsFromIcs(calendar(body), { ownerZone: "Asia/Tokyo", ...window }).intervals[0]?.start).toBe(at("2031-03-09T15:00:00Z"));
  });

  it("a vendor-prefixed TZID silently becomes host-local time in node-ical; here it is the IANA zone behind the prefix", () => {
    const body = `
BEGIN:VEVENT
UID:m
DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20310310T090000
DTEND;TZID=/mozilla.org/20050126_1/Europe/Berlin:20310310T100000
END:VEVENT`;
    expect(nodeIcalStart(body)?.toISOString()).toBe("2031-03-10T09:00:00.000Z");
    expect(busyIntervalsFromIcs(calendar(body), { ownerZone: "UTC", ...window }).intervals[0]?.start).toBe(at("2031-03-10T08:00:00Z"));
  });

  it("an ambiguous local time takes its second occurrence in node-ical; here the first (RFC 5545)", () => {
    const body = `
BEGIN:VEVENT
UID:o
DTSTART;TZID=America/New_York:20311102T013000
DTEND;TZID=America/New_York:20311102T020000
END:VEVENT`;
    expect(nodeIcalStart(body)?.toISOString()).toBe("2031-11-02T06:30:00.000Z");
    expect(busyIntervalsFromIcs(calendar(body), { ownerZone: "UTC", ...window }).intervals[0]?.start).toBe(at("2031-11-02T05:30:00Z"));
  });

  it("one duplicated DTSTART or one bad RRULE makes node-ical throw for the whole feed; here only that event is affected", () => {
    const duplicate = `
BEGIN:VEVENT
UID:x
DTSTART:20310310T090000Z
DTSTART:20310310T090000Z
END:VEVENT`;
    const badRule = `
BEGIN:VEVENT
UID:y
DTSTART:20310311T090000Z
DTEND:20310311T100000Z
RRULE:FREQ=FOO
END:VEVENT`;
    const good = `
BEGIN:VEVENT
UID:z
DTSTART:20310312T090000Z
DTEND:20310312T100000Z
SUMMARY:Good
END:VEVENT`;
    expect(() => nodeIcal.parseICS(calendar(duplicate + good))).toThrow(/duplicate DTSTART/);
    expect(() => nodeIcal.parseICS(calendar(badRule + good))).toThrow(/FREQ/);
    expect(rows(busyIntervalsFromIcs(calendar(duplicate + badRule + good), { ownerZone: "UTC", ...window }).intervals)).toEqual([
      "2031-03-11T09:00:00.000Z 2031-03-11T10:00:00.000Z ",
      "2031-03-12T09:00:00.000Z 2031-03-12T10:00:00.000Z Good",
    ]);
  });
  it("node-ical drops a property whose parameter is empty (Exchange 2010's TZID=); here the empty-TZID VTIMEZONE is used", () => {
    const body = `
BEGIN:VTIMEZONE
TZID:
BEGIN:STANDARD
DTSTART:16010101T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:e
DTSTART;TZID=:20310310T090000
DTEND;TZID=:20310310T100000
RRULE:FREQ=DAILY;COUNT=3
EXDATE;TZID=:20310311T090000
SUMMARY:Empty TZID
END:VEVENT`;
    expect(nodeIcalStart(body)).toBeUndefined();
    const result = busyIntervalsFromIcs(calendar(body), { ownerZone: "UTC", ...window });
    expect(rows(result.intervals)).toEqual([
      "2031-03-10T13:00:00.000Z 2031-03-10T14:00:00.000Z Empty TZID", // 09:00 EDT (the second Sunday of March was the 9th)
      "2031-03-12T13:00:00.000Z 2031-03-12T14:00:00.000Z Empty TZID",
    ]);
    expect(result.stats.unresolvedTimeZones).toEqual([]);
  });

  it("an empty TZID without an empty-TZID VTIMEZONE is floating (the owner's zone); other empty parameters are harmless", () => {
    const body = `
BEGIN:VEVENT
UID:f
DTSTART;TZID="":20310310T090000
DTEND;TZID=;X-EMPTY=:20310310T100000
RRULE:FREQ=DAILY;COUNT=2
EXDATE;TZID=:20310311T090000
SUMMARY;LANGUAGE=:Floating
END:VEVENT`;
    const result = busyIntervalsFromIcs(calendar(body), { ownerZone: "Asia/Tokyo", ...window });
    expect(rows(result.intervals)).toEqual(["2031-03-10T00:00:00.000Z 2031-03-10T01:00:00.000Z Floating"]);
    expect(result.stats.unresolvedTimeZones).toEqual([]);
  });
});
