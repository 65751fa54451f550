import { busyIntervalsFromIcs } from "../../../lib/calendar/ics.js";
import { at, fixture, rows } from "./fixtures.js";

describe("busyIntervalsFromIcs on a Google Calendar export", () => {
  const result = busyIntervalsFromIcs(fixture("google-calendar.ics"), {
    ownerZone: "America/New_York",
    from: at("2031-03-03T00:00:00Z"),
    to: at("2031-03-21T00:00:00Z"),
  });

  it("returns every busy instance in the window, unmerged and sorted", () => {
    expect(rows(result.intervals)).toEqual([
      // Already running when the window opens (18:00–02:00 EST).
      "2031-03-02T23:00:00.000Z 2031-03-03T07:00:00.000Z Offsite dinner",
      "2031-03-03T14:00:00.000Z 2031-03-03T14:30:00.000Z Team standup",
      // Wed 5 March is an EXDATE.
      "2031-03-06T19:00:00.000Z 2031-03-06T19:45:00.000Z 1:1 with Bo",
      "2031-03-09T23:00:00.000Z 2031-03-10T03:00:00.000Z Flight BOS-SFO",
      // Mon 10 March moved from 09:00 to 11:00 EDT.
      "2031-03-10T15:00:00.000Z 2031-03-10T15:30:00.000Z Team standup (moved)",
      // All-day, local midnight to midnight in the owner's zone.
      "2031-03-11T04:00:00.000Z 2031-03-13T04:00:00.000Z CalConf 2031 [all-day]",
      "2031-03-13T18:00:00.000Z 2031-03-13T18:45:00.000Z 1:1 with Bo",
      // The 27 March instance, moved into the window from outside it.
      "2031-03-14T14:00:00.000Z 2031-03-14T14:45:00.000Z 1:1 with Bo (pulled in)",
      // After the DST change the standup stays at 09:00 local: 13:00Z.
      "2031-03-17T13:00:00.000Z 2031-03-17T13:30:00.000Z Team standup",
      "2031-03-18T16:00:00.000Z 2031-03-18T17:00:00.000Z Maybe lunch",
      "2031-03-19T13:00:00.000Z 2031-03-19T13:30:00.000Z Team standup",
      // Spans the window's end.
      "2031-03-20T23:00:00.000Z 2031-03-21T01:00:00.000Z Concert",
    ]);
  });

  it("drops the cancelled instance, the moved-out instance, the cancelled series and transparent events", () => {
    const starts = result.intervals.map((i) => i.start);
    expect(starts).not.toContain(at("2031-03-12T13:00:00Z")); // cancelled override
    expect(starts).not.toContain(at("2031-03-20T18:00:00Z")); // 1:1 pushed to 2 April
    expect(starts).not.toContain(at("2031-03-05T14:00:00Z")); // EXDATE
    expect(result.intervals.some((i) => i.summary === "Old sync")).toBe(false);
    expect(result.intervals.some((i) => i.summary === "Parents visiting")).toBe(false);
    expect(result.intervals.some((i) => i.summary?.startsWith("Drinks"))).toBe(false); // ends exactly at `from`
  });

  it("reports what it skipped", () => {
    expect(result.stats).toEqual({
      events: 15,
      unusable: 0,
      cancelled: 3, // standup 12 March, the "Old sync" series and its override
      free: 1,
      ignoredRules: 0,
      unresolvedTimeZones: [],
      truncated: false,
    });
  });

  it("places the moved-out 1:1 at its new time when the window reaches it", () => {
    const april = busyIntervalsFromIcs(fixture("google-calendar.ics"), {
      ownerZone: "America/New_York",
      from: at("2031-03-20T00:00:00Z"),
      to: at("2031-04-05T00:00:00Z"),
    });
    expect(rows(april.intervals).filter((r) => r.includes("1:1"))).toEqual([
      "2031-04-02T18:00:00.000Z 2031-04-02T18:45:00.000Z 1:1 with Bo (pushed)",
    ]);
  });
});

describe("busyIntervalsFromIcs on an Outlook / Exchange export", () => {
  const result = busyIntervalsFromIcs(fixture("outlook-exchange.ics"), {
    ownerZone: "Europe/Berlin",
    from: at("2031-03-17T00:00:00Z"),
    to: at("2031-04-08T00:00:00Z"),
  });

  it("resolves Windows and custom TZIDs and lets X-MICROSOFT-CDO-BUSYSTATUS decide", () => {
    expect(rows(result.intervals)).toEqual([
      // W. Europe Standard Time = Europe/Berlin; CET before 30 March.
      "2031-03-17T09:00:00.000Z 2031-03-17T10:00:00.000Z Weekly planning",
      // OOF wins over TRANSP:TRANSPARENT; all-day in the owner's zone.
      "2031-03-25T23:00:00.000Z 2031-03-27T23:00:00.000Z Out of office [all-day]",
      // Pacific Standard Time = America/Los_Angeles (PDT); TENTATIVE counts as busy.
      "2031-03-26T15:00:00.000Z 2031-03-26T16:00:00.000Z Design review (tentative)",
      // "Customized Time Zone" read from the feed's VTIMEZONE (US Eastern rules, EDT).
      "2031-04-01T13:00:00.000Z 2031-04-01T13:30:00.000Z Call with Boston office",
      // CEST after 30 March: still 10:00 local. COUNT=5 is not reduced by the EXDATE.
      "2031-04-07T08:00:00.000Z 2031-04-07T09:00:00.000Z Weekly planning",
    ]);
  });

  it("treats FREE and WORKINGELSEWHERE as free, also on a single overridden instance", () => {
    expect(result.intervals.map((i) => i.summary)).not.toContain("Lunch with Chris");
    expect(result.intervals.map((i) => i.summary)).not.toContain("Working from home");
    expect(result.intervals.map((i) => i.start)).not.toContain(at("2031-03-24T09:00:00Z"));
    expect(result.stats.free).toBe(3);
  });
});

describe("busyIntervalsFromIcs on an Apple iCloud export", () => {
  const result = busyIntervalsFromIcs(fixture("icloud.ics"), {
    ownerZone: "America/Los_Angeles",
    from: at("2031-11-01T00:00:00Z"),
    to: at("2031-11-10T00:00:00Z"),
  });

  it("reads floating times and dates in the owner's zone and custom TZIDs from VTIMEZONE", () => {
    expect(rows(result.intervals)).toEqual([
      "2031-11-01T08:30:00.000Z 2031-11-01T09:00:00.000Z Night feed",
      // 2 November is a 25-hour day in Los Angeles.
      "2031-11-02T07:00:00.000Z 2031-11-03T08:00:00.000Z Moving day [all-day]",
      // 01:30 happens twice on 2 November: the first occurrence (PDT) is taken.
      "2031-11-02T08:30:00.000Z 2031-11-02T09:00:00.000Z Night feed",
      "2031-11-03T09:30:00.000Z 2031-11-03T10:00:00.000Z Night feed",
      "2031-11-03T15:00:00.000Z 2031-11-03T16:00:00.000Z Gym",
      "2031-11-04T15:00:00.000Z 2031-11-04T16:00:00.000Z Gym",
      "2031-11-05T15:00:00.000Z 2031-11-05T16:00:00.000Z Gym",
      // TZID "Mountain Time (Denver office)" exists only as the feed's VTIMEZONE (MST).
      "2031-11-06T17:00:00.000Z 2031-11-06T18:00:00.000Z Denver check-in",
      // No TRANSP means busy.
      "2031-11-07T17:00:00.000Z 2031-11-07T18:00:00.000Z Dentist",
      // A date without DTEND lasts one day.
      "2031-11-08T08:00:00.000Z 2031-11-09T08:00:00.000Z Errands [all-day]",
    ]);
    expect(result.stats.free).toBe(2);
    expect(result.stats.unresolvedTimeZones).toEqual([]);
  });

  it("places the same floating times in another owner zone when the owner moves", () => {
    const berlin = busyIntervalsFromIcs(fixture("icloud.ics"), {
      ownerZone: "Europe/Berlin",
      from: at("2031-11-03T00:00:00Z"),
      to: at("2031-11-04T00:00:00Z"),
    });
    expect(rows(berlin.intervals).filter((r) => r.includes("Gym"))).toEqual([
      "2031-11-03T06:00:00.000Z 2031-11-03T07:00:00.000Z Gym",
    ]);
  });
});

describe("weekly series across DST changes", () => {
  const result = busyIntervalsFromIcs(fixture("dst-weekly.ics"), {
    ownerZone: "UTC",
    from: at("2031-02-24T00:00:00Z"),
    to: at("2031-03-18T00:00:00Z"),
  });

  it("keeps 09:00 New York time: 14:00Z before 9 March 2031, 13:00Z after", () => {
    expect(rows(result.intervals).filter((r) => r.includes("New York"))).toEqual([
      "2031-02-24T14:00:00.000Z 2031-02-24T14:30:00.000Z Monday 09:00 New York",
      "2031-03-03T14:00:00.000Z 2031-03-03T14:30:00.000Z Monday 09:00 New York",
      "2031-03-10T13:00:00.000Z 2031-03-10T13:30:00.000Z Monday 09:00 New York",
      "2031-03-17T13:00:00.000Z 2031-03-17T13:30:00.000Z Monday 09:00 New York",
    ]);
  });

  it("moves a time in the spring-forward gap forward by the gap and takes the first of a repeated time", () => {
    const berlin = busyIntervalsFromIcs(fixture("dst-weekly.ics"), {
      ownerZone: "UTC",
      from: at("2031-03-15T00:00:00Z"),
      to: at("2031-11-01T00:00:00Z"),
    });
    expect(rows(berlin.intervals).filter((r) => r.includes("Berlin"))).toEqual([
      "2031-03-16T01:30:00.000Z 2031-03-16T02:00:00.000Z Sunday 02:30 Berlin (spring-forward gap)",
      "2031-03-23T01:30:00.000Z 2031-03-23T02:00:00.000Z Sunday 02:30 Berlin (spring-forward gap)",
      // 02:30 does not exist on 30 March: read with the CET offset, i.e. 03:30 CEST.
      "2031-03-30T01:30:00.000Z 2031-03-30T02:00:00.000Z Sunday 02:30 Berlin (spring-forward gap)",
      "2031-10-19T00:30:00.000Z 2031-10-19T01:00:00.000Z Sunday 02:30 Berlin (fall-back fold)",
      // 02:30 happens twice on 26 October: the first (CEST) is taken.
      "2031-10-26T00:30:00.000Z 2031-10-26T01:00:00.000Z Sunday 02:30 Berlin (fall-back fold)",
    ]);
  });
});
