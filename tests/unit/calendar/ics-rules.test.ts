import fc from "fast-check";
import { CalendarParseError, busyIntervalsFromIcs, type BusyIntervalOptions } from "../../../lib/calendar/ics.js";
import { at, calendar, fixture, rows } from "./fixtures.js";
import { propertyRuns } from "../../support/property-runs.js";

const march: BusyIntervalOptions = { ownerZone: "Europe/Berlin", from: at("2031-03-01T00:00:00Z"), to: at("2031-04-01T00:00:00Z") };
const busy = (body: string, opts: Partial<BusyIntervalOptions> = {}) => busyIntervalsFromIcs(calendar(body), { ...march, ...opts });

describe("event length", () => {
  it("uses DURATION when DTEND is absent; days are nominal, hours exact", () => {
    const result = busy(`
BEGIN:VEVENT
UID:a
DTSTART;TZID=Europe/Berlin:20310303T100000
DURATION:PT1H30M
SUMMARY:Ninety minutes
END:VEVENT
BEGIN:VEVENT
UID:b
DTSTART;TZID=Europe/Berlin:20310329T120000
DURATION:P1D
SUMMARY:One day across spring-forward (23 h)
END:VEVENT`);
    expect(rows(result.intervals)).toEqual([
      "2031-03-03T09:00:00.000Z 2031-03-03T10:30:00.000Z Ninety minutes",
      "2031-03-29T11:00:00.000Z 2031-03-30T10:00:00.000Z One day across spring-forward (23 h)",
    ]);
  });

  it("gives a bare date one day and ignores a bare date-time (zero length)", () => {
    const result = busy(`
BEGIN:VEVENT
UID:a
DTSTART;VALUE=DATE:20310310
SUMMARY:Day
END:VEVENT
BEGIN:VEVENT
UID:b
DTSTART:20310311T100000Z
SUMMARY:Reminder
END:VEVENT
BEGIN:VEVENT
UID:c
DTSTART:20310312T100000Z
DTEND:20310312T100000Z
SUMMARY:Instant
END:VEVENT`);
    expect(rows(result.intervals)).toEqual(["2031-03-09T23:00:00.000Z 2031-03-10T23:00:00.000Z Day [all-day]"]);
  });

  it("skips events it cannot place and counts them", () => {
    const result = busy(`
BEGIN:VEVENT
UID:a
DTSTART:20310311T100000Z
DTEND:20310311T090000Z
SUMMARY:Ends before it starts
END:VEVENT
BEGIN:VEVENT
UID:b
SUMMARY:No start
END:VEVENT
BEGIN:VEVENT
UID:c
DTSTART:2031-03-11
SUMMARY:Malformed date
END:VEVENT`);
    expect(result.intervals).toEqual([]);
    expect(result.stats.unusable).toBe(3);
  });
});

describe("recurrence", () => {
  it("adds RDATEs (date-times and PERIODs) to the rule and de-duplicates them", () => {
    const result = busy(`
BEGIN:VEVENT
UID:a
DTSTART;TZID=Europe/Berlin:20310303T090000
DTEND;TZID=Europe/Berlin:20310303T100000
RRULE:FREQ=WEEKLY;COUNT=2
RDATE;TZID=Europe/Berlin:20310305T140000,20310310T090000
RDATE;VALUE=PERIOD:20310306T120000Z/20310306T150000Z,20310307T120000Z/PT15M
SUMMARY:Series
END:VEVENT`);
    expect(rows(result.intervals)).toEqual([
      "2031-03-03T08:00:00.000Z 2031-03-03T09:00:00.000Z Series",
      "2031-03-05T13:00:00.000Z 2031-03-05T14:00:00.000Z Series",
      "2031-03-06T12:00:00.000Z 2031-03-06T15:00:00.000Z Series",
      "2031-03-07T12:00:00.000Z 2031-03-07T12:15:00.000Z Series",
      "2031-03-10T08:00:00.000Z 2031-03-10T09:00:00.000Z Series",
    ]);
  });

  it("matches EXDATEs written in UTC, floating (read in the series' zone) or as a date", () => {
    const result = busy(`
BEGIN:VEVENT
UID:a
DTSTART;TZID=Europe/Berlin:20310302T090000
DTEND;TZID=Europe/Berlin:20310302T093000
RRULE:FREQ=DAILY;COUNT=6
EXDATE:20310303T080000Z
EXDATE:20310304T090000
EXDATE;VALUE=DATE:20310305
SUMMARY:Daily
END:VEVENT`);
    expect(rows(result.intervals)).toEqual([
      "2031-03-02T08:00:00.000Z 2031-03-02T08:30:00.000Z Daily",
      "2031-03-06T08:00:00.000Z 2031-03-06T08:30:00.000Z Daily",
      "2031-03-07T08:00:00.000Z 2031-03-07T08:30:00.000Z Daily",
    ]);
  });

  it("stops at UNTIL, inclusive, and reads an Outlook all-day UNTIL (creator's midnight in UTC) in the owner's zone", () => {
    const result = busy(`
BEGIN:VEVENT
UID:a
DTSTART;TZID=Europe/Berlin:20310303T090000
DTEND;TZID=Europe/Berlin:20310303T100000
RRULE:FREQ=WEEKLY;UNTIL=20310310T080000Z
SUMMARY:Timed
END:VEVENT
BEGIN:VEVENT
UID:b
DTSTART;VALUE=DATE:20310303
DTEND;VALUE=DATE:20310304
RRULE:FREQ=WEEKLY;UNTIL=20310330T230000Z
SUMMARY:All-day
END:VEVENT`);
    expect(rows(result.intervals)).toEqual([
      "2031-03-02T23:00:00.000Z 2031-03-03T23:00:00.000Z All-day [all-day]",
      "2031-03-03T08:00:00.000Z 2031-03-03T09:00:00.000Z Timed",
      "2031-03-09T23:00:00.000Z 2031-03-10T23:00:00.000Z All-day [all-day]",
      "2031-03-10T08:00:00.000Z 2031-03-10T09:00:00.000Z Timed",
      "2031-03-16T23:00:00.000Z 2031-03-17T23:00:00.000Z All-day [all-day]",
      "2031-03-23T23:00:00.000Z 2031-03-24T23:00:00.000Z All-day [all-day]",
      // 31 March 00:00 CEST is 30 March 22:00Z, before UNTIL.
      "2031-03-30T22:00:00.000Z 2031-03-31T22:00:00.000Z All-day [all-day]",
    ]);
  });

  it("counts an instance that started before the window and is still running", () => {
    const result = busy(
      `
BEGIN:VEVENT
UID:a
DTSTART;VALUE=DATE:20310102
DTEND;VALUE=DATE:20310105
RRULE:FREQ=WEEKLY
SUMMARY:Three-day rotation
END:VEVENT`,
      { from: at("2031-03-14T12:00:00Z"), to: at("2031-03-15T00:00:00Z") },
    );
    // Thursdays; the 13 March instance runs until local midnight of 16 March.
    expect(rows(result.intervals)).toEqual(["2031-03-12T23:00:00.000Z 2031-03-15T23:00:00.000Z Three-day rotation [all-day]"]);
  });

  it("expands a daily series started in 2009 straight into the window", () => {
    const result = busy(`
BEGIN:VEVENT
UID:a
DTSTART;TZID=Europe/Berlin:20090105T083000
DTEND;TZID=Europe/Berlin:20090105T084500
RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR
SUMMARY:Standup since 2009
END:VEVENT`, { from: at("2031-03-28T00:00:00Z"), to: at("2031-04-01T00:00:00Z") });
    expect(rows(result.intervals)).toEqual([
      "2031-03-28T07:30:00.000Z 2031-03-28T07:45:00.000Z Standup since 2009",
      "2031-03-31T06:30:00.000Z 2031-03-31T06:45:00.000Z Standup since 2009",
    ]);
  });

  it("keeps an unreadable RRULE's event as its single DTSTART occurrence", () => {
    const result = busy(`
BEGIN:VEVENT
UID:a
DTSTART:20310303T090000Z
DTEND:20310303T100000Z
RRULE:FREQ=SOMETIMES
SUMMARY:Odd
END:VEVENT`);
    expect(rows(result.intervals)).toEqual(["2031-03-03T09:00:00.000Z 2031-03-03T10:00:00.000Z Odd"]);
    expect(result.stats.ignoredRules).toBe(1);
  });

  it("gives one instance per start: an HOURLY wall time in the spring-forward gap lands on the hour after it", () => {
    const result = busy(
      `
BEGIN:VEVENT
UID:h
DTSTART;TZID=America/New_York:20310309T000000
DURATION:PT30M
RRULE:FREQ=HOURLY;COUNT=4
SUMMARY:Hourly
END:VEVENT`,
      { ownerZone: "UTC" },
    );
    expect(rows(result.intervals)).toEqual([
      "2031-03-09T05:00:00.000Z 2031-03-09T05:30:00.000Z Hourly",
      "2031-03-09T06:00:00.000Z 2031-03-09T06:30:00.000Z Hourly",
      "2031-03-09T07:00:00.000Z 2031-03-09T07:30:00.000Z Hourly", // 02:00 does not exist: 03:00 EDT, as is 03:00
    ]);
  });

  describe("series too dense to list", () => {
    const fortnight = { ownerZone: "Europe/Berlin", from: at("2031-03-01T00:00:00Z"), to: at("2031-03-15T00:00:00Z") };
    /** The union of intervals, as readable rows: what the sync stores. */
    const union = (intervals: { start: number; end: number }[]) => {
      const merged: { start: number; end: number }[] = [];
      for (const i of [...intervals].sort((a, b) => a.start - b.start)) {
        const last = merged.at(-1);
        if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
        else merged.push({ ...i });
      }
      return merged.map((i) => `${new Date(i.start).toISOString()} ${new Date(i.end).toISOString()}`);
    };
    const dense = (rule: string, extra = "", dtend = "20310101T000001Z") =>
      busy(
        `
BEGIN:VEVENT
UID:dense
DTSTART:20310101T000000Z
DTEND:${dtend}
RRULE:${rule}
${extra}
SUMMARY:Dense
END:VEVENT`.replace(/\n\n/g, "\n"),
        fortnight,
      );

    it("reads a SECONDLY series over 14 days as the busy time it is, without truncation", () => {
      const result = dense("FREQ=SECONDLY");
      expect(union(result.intervals)).toEqual(["2031-03-01T00:00:00.000Z 2031-03-15T00:00:00.000Z"]);
      expect(result.stats.truncated).toBe(false);
    });

    it("counts a huge COUNT arithmetically: MINUTELY;COUNT=10000000 covers the window, a smaller COUNT ends exactly", () => {
      const huge = dense("FREQ=MINUTELY;COUNT=10000000", "", "20310101T000100Z");
      expect(union(huge.intervals)).toEqual(["2031-03-01T00:00:00.000Z 2031-03-15T00:00:00.000Z"]);
      expect(huge.stats.truncated).toBe(false);
      // 63 days of minutes from 1 January: the last instance starts 2031-03-04T23:59.
      const ending = dense(`FREQ=MINUTELY;COUNT=${63 * 1440}`, "", "20310101T000100Z");
      expect(union(ending.intervals)).toEqual(["2031-03-01T00:00:00.000Z 2031-03-05T00:00:00.000Z"]);
      expect(ending.stats.truncated).toBe(false);
    });

    it("leaves out EXDATEs and overridden instances of a dense series, and honours UNTIL", () => {
      const result = dense(
        "FREQ=SECONDLY;UNTIL=20310310T120000Z",
        "EXDATE:20310302T000000Z,20310303T000005Z\nEXDATE;VALUE=DATE:20310305",
      );
      expect(union(result.intervals)).toEqual([
        "2031-03-01T00:00:00.000Z 2031-03-02T00:00:00.000Z",
        "2031-03-02T00:00:01.000Z 2031-03-03T00:00:05.000Z",
        "2031-03-03T00:00:06.000Z 2031-03-05T00:00:00.000Z",
        "2031-03-06T00:00:00.000Z 2031-03-10T12:00:01.000Z",
      ]);
      expect(result.stats.truncated).toBe(false);
    });

    it("still blows the fuse, and says so, for what it cannot list (instances that neither touch nor follow a plain step)", () => {
      const gaps = dense("FREQ=SECONDLY;INTERVAL=2");
      expect(gaps.stats.truncated).toBe(true);
      expect(gaps.intervals.length).toBeLessThanOrEqual(20_000);
      const filtered = dense("FREQ=SECONDLY;BYMINUTE=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20");
      expect(filtered.stats.truncated).toBe(true);
    });
  });
});

describe("overrides (RECURRENCE-ID)", () => {
  const series = `
BEGIN:VEVENT
UID:s
DTSTART;TZID=Europe/Berlin:20310303T090000
DTEND;TZID=Europe/Berlin:20310303T100000
RRULE:FREQ=WEEKLY;COUNT=4
SUMMARY:Weekly
TRANSP:OPAQUE
END:VEVENT`;

  it("inherits the series' length when the override has no DTEND, and takes the highest SEQUENCE", () => {
    const result = busy(`${series}
BEGIN:VEVENT
UID:s
RECURRENCE-ID;TZID=Europe/Berlin:20310310T090000
DTSTART;TZID=Europe/Berlin:20310310T150000
SEQUENCE:1
SUMMARY:Moved (old revision)
END:VEVENT
BEGIN:VEVENT
UID:s
RECURRENCE-ID;TZID=Europe/Berlin:20310310T090000
DTSTART;TZID=Europe/Berlin:20310311T150000
SEQUENCE:2
SUMMARY:Moved
END:VEVENT`);
    expect(rows(result.intervals)).toEqual([
      "2031-03-03T08:00:00.000Z 2031-03-03T09:00:00.000Z Weekly",
      "2031-03-11T14:00:00.000Z 2031-03-11T15:00:00.000Z Moved",
      "2031-03-17T08:00:00.000Z 2031-03-17T09:00:00.000Z Weekly",
      "2031-03-24T08:00:00.000Z 2031-03-24T09:00:00.000Z Weekly",
    ]);
  });

  it("frees the original time when the override is transparent, and busies an opaque override of a transparent series", () => {
    const result = busy(`${series}
BEGIN:VEVENT
UID:s
RECURRENCE-ID;TZID=Europe/Berlin:20310317T090000
DTSTART;TZID=Europe/Berlin:20310317T090000
DTEND;TZID=Europe/Berlin:20310317T100000
TRANSP:TRANSPARENT
SUMMARY:Optional this week
END:VEVENT
BEGIN:VEVENT
UID:t
DTSTART;TZID=Europe/Berlin:20310304T180000
DTEND;TZID=Europe/Berlin:20310304T190000
RRULE:FREQ=WEEKLY;COUNT=3
TRANSP:TRANSPARENT
SUMMARY:Choir (tentative)
END:VEVENT
BEGIN:VEVENT
UID:t
RECURRENCE-ID;TZID=Europe/Berlin:20310311T180000
DTSTART;TZID=Europe/Berlin:20310311T180000
DTEND;TZID=Europe/Berlin:20310311T200000
TRANSP:OPAQUE
SUMMARY:Choir concert
END:VEVENT`);
    expect(rows(result.intervals)).toEqual([
      "2031-03-03T08:00:00.000Z 2031-03-03T09:00:00.000Z Weekly",
      "2031-03-10T08:00:00.000Z 2031-03-10T09:00:00.000Z Weekly",
      "2031-03-11T17:00:00.000Z 2031-03-11T19:00:00.000Z Choir concert",
      "2031-03-24T08:00:00.000Z 2031-03-24T09:00:00.000Z Weekly",
    ]);
  });

  it("overrides an all-day instance by date, and places an override whose series is not in the feed on its own", () => {
    const result = busy(`
BEGIN:VEVENT
UID:d
DTSTART;VALUE=DATE:20310303
RRULE:FREQ=DAILY;COUNT=3
SUMMARY:Trip
END:VEVENT
BEGIN:VEVENT
UID:d
RECURRENCE-ID;VALUE=DATE:20310304
DTSTART;VALUE=DATE:20310306
SUMMARY:Trip (shifted day)
END:VEVENT
BEGIN:VEVENT
UID:orphan
RECURRENCE-ID;TZID=Europe/Berlin:20310320T100000
DTSTART;TZID=Europe/Berlin:20310320T110000
DTEND;TZID=Europe/Berlin:20310320T113000
SUMMARY:The one instance I was invited to
END:VEVENT`);
    expect(rows(result.intervals)).toEqual([
      "2031-03-02T23:00:00.000Z 2031-03-03T23:00:00.000Z Trip [all-day]",
      "2031-03-04T23:00:00.000Z 2031-03-05T23:00:00.000Z Trip [all-day]",
      "2031-03-05T23:00:00.000Z 2031-03-06T23:00:00.000Z Trip (shifted day) [all-day]",
      "2031-03-20T10:00:00.000Z 2031-03-20T10:30:00.000Z The one instance I was invited to",
    ]);
  });
});

describe("RECURRENCE-ID;RANGE=THISANDFUTURE (RFC 5545 §3.8.4.4)", () => {
  const weekly = `
BEGIN:VEVENT
UID:w
DTSTART;TZID=Europe/Berlin:20310303T090000
DTEND;TZID=Europe/Berlin:20310303T100000
RRULE:FREQ=WEEKLY;COUNT=6
SUMMARY:Weekly
END:VEVENT`;

  it("moves and resizes this and every later instance, across DST, until a later override takes over", () => {
    const result = busy(`${weekly}
BEGIN:VEVENT
UID:w
RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20310317T090000
DTSTART;TZID=Europe/Berlin:20310317T110000
DTEND;TZID=Europe/Berlin:20310317T130000
SUMMARY:Weekly, later and longer
END:VEVENT
BEGIN:VEVENT
UID:w
RECURRENCE-ID;TZID=Europe/Berlin:20310324T090000
DTSTART;TZID=Europe/Berlin:20310325T150000
SUMMARY:Moved once
END:VEVENT
BEGIN:VEVENT
UID:w
RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20310407T090000
DTSTART;TZID=Europe/Berlin:20310407T080000
DURATION:PT30M
SUMMARY:Weekly, early and short
END:VEVENT`);
    expect(rows(result.intervals)).toEqual([
      "2031-03-03T08:00:00.000Z 2031-03-03T09:00:00.000Z Weekly",
      "2031-03-10T08:00:00.000Z 2031-03-10T09:00:00.000Z Weekly",
      "2031-03-17T10:00:00.000Z 2031-03-17T12:00:00.000Z Weekly, later and longer",
      // A single override inherits the length in force at its RECURRENCE-ID.
      "2031-03-25T14:00:00.000Z 2031-03-25T16:00:00.000Z Moved once",
      "2031-03-31T09:00:00.000Z 2031-03-31T11:00:00.000Z Weekly, later and longer", // 11:00 CEST
    ]);
    const april = busy(`${weekly}
BEGIN:VEVENT
UID:w
RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20310407T090000
DTSTART;TZID=Europe/Berlin:20310407T080000
DURATION:PT30M
SUMMARY:Weekly, early and short
END:VEVENT`, { from: at("2031-04-01T00:00:00Z"), to: at("2031-05-01T00:00:00Z") });
    expect(rows(april.intervals)).toEqual([
      "2031-04-07T06:00:00.000Z 2031-04-07T06:30:00.000Z Weekly, early and short",
    ]);
  });

  it("cancels or frees this and every later instance, and pulls instances from outside the window into it", () => {
    const cancelled = busy(`${weekly}
BEGIN:VEVENT
UID:w
RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20310317T090000
DTSTART;TZID=Europe/Berlin:20310317T090000
STATUS:CANCELLED
END:VEVENT`);
    expect(rows(cancelled.intervals)).toEqual([
      "2031-03-03T08:00:00.000Z 2031-03-03T09:00:00.000Z Weekly",
      "2031-03-10T08:00:00.000Z 2031-03-10T09:00:00.000Z Weekly",
    ]);
    // Moved back by six days: the 6 April instance lands on 31 March, inside a window ending 1 April.
    const pulled = busy(`${weekly}
BEGIN:VEVENT
UID:w
RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20310317T090000
DTSTART;TZID=Europe/Berlin:20310311T090000
DTEND;TZID=Europe/Berlin:20310311T100000
SUMMARY:Tuesdays
END:VEVENT`, { from: at("2031-03-25T00:00:00Z"), to: at("2031-04-01T00:00:00Z") });
    expect(rows(pulled.intervals)).toEqual(["2031-03-25T08:00:00.000Z 2031-03-25T09:00:00.000Z Tuesdays"]);
  });
});

describe("feed robustness", () => {
  it("keeps the rest of the feed when one event is malformed (duplicate DTSTART, unknown TZID)", () => {
    const result = busy(`
BEGIN:VEVENT
UID:a
DTSTART:20310303T090000Z
DTSTART:20310303T100000Z
DTEND:20310303T110000Z
SUMMARY:Two starts (first wins)
END:VEVENT
BEGIN:VEVENT
UID:b
DTSTART;TZID=Somewhere Nice:20310304T090000
DTEND;TZID=Somewhere Nice:20310304T100000
SUMMARY:Unknown zone (owner's zone)
END:VEVENT`);
    expect(rows(result.intervals)).toEqual([
      "2031-03-03T09:00:00.000Z 2031-03-03T11:00:00.000Z Two starts (first wins)",
      "2031-03-04T08:00:00.000Z 2031-03-04T09:00:00.000Z Unknown zone (owner's zone)",
    ]);
    expect(result.stats.unresolvedTimeZones).toEqual(["Somewhere Nice"]);
  });

  it("reads an old Outlook display-name TZID through the feed's VTIMEZONE, DST included", () => {
    const tzid = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna";
    const result = busy(
      `
BEGIN:VTIMEZONE
TZID:"${tzid}"
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:a
DTSTART;TZID="${tzid}":20310701T100000
DTEND;TZID="${tzid}":20310701T110000
SUMMARY:Summer meeting
END:VEVENT`,
      { ownerZone: "UTC", from: at("2031-07-01T00:00:00Z"), to: at("2031-07-02T00:00:00Z") },
    );
    expect(rows(result.intervals)).toEqual(["2031-07-01T08:00:00.000Z 2031-07-01T09:00:00.000Z Summer meeting"]);
    expect(result.stats.unresolvedTimeZones).toEqual([]);
  });

  it("reads LF line ends, a byte-order mark, folded lines, lower-case names and concatenated calendars", () => {
    const text =
      "\uFEFFBEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nuid:a\ndtstart;tzid=Europe/Berlin:20310303T090000\nDTEND;TZID=Europe/Berl\n in:20310303T100000\nSUMMARY:Folded\\, escaped\nEND:VEVENT\nEND:VCALENDAR\n" +
      "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:b\nDTSTART:20310304T090000Z\nDTEND:20310304T100000Z\nSUMMARY:Second calendar\nEND:VEVENT\nEND:VCALENDAR\n";
    expect(rows(busyIntervalsFromIcs(text, march).intervals)).toEqual([
      "2031-03-03T08:00:00.000Z 2031-03-03T09:00:00.000Z Folded, escaped",
      "2031-03-04T09:00:00.000Z 2031-03-04T10:00:00.000Z Second calendar",
    ]);
  });

  it.each([64, 65, 50_000])("refuses components nested %i deep with CalendarParseError, not a stack overflow", (depth) => {
    const text = calendar(`${"BEGIN:VEVENT\n".repeat(depth - 1)}UID:deep\nDTSTART:20310303T090000Z\nDTEND:20310303T100000Z\n${"END:VEVENT\n".repeat(depth - 1)}`);
    if (depth <= 64) expect(busyIntervalsFromIcs(text, march).stats.events).toBeGreaterThan(0);
    else expect(() => busyIntervalsFromIcs(text, march)).toThrow(CalendarParseError);
  });

  it("throws CalendarParseError for text that is not a calendar, and returns nothing for an empty one", () => {
    expect(() => busyIntervalsFromIcs("<html><body>Sign in</body></html>", march)).toThrow(CalendarParseError);
    expect(busyIntervalsFromIcs(calendar(""), march).intervals).toEqual([]);
  });

  it("rejects an unknown owner zone and returns nothing for an empty window", () => {
    expect(() => busyIntervalsFromIcs(calendar(""), { ...march, ownerZone: "Mars/Base" })).toThrow(RangeError);
    expect(busyIntervalsFromIcs(fixture("google-calendar.ics"), { ...march, to: march.from }).intervals).toEqual([]);
  });
});

describe("windowing", () => {
  const feeds = ["google-calendar.ics", "outlook-exchange.ics", "icloud.ics", "dst-weekly.ics"].map((name) => fixture(name));
  const wideFrom = at("2031-01-01T00:00:00Z");
  const wideTo = at("2032-01-01T00:00:00Z");
  const wide = feeds.map((text) => busyIntervalsFromIcs(text, { ownerZone: "America/Chicago", from: wideFrom, to: wideTo }).intervals);

  it("property: a window's instances are exactly the wider window's instances that intersect it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: feeds.length - 1 }), fc.integer({ min: wideFrom, max: wideTo - 1 }), fc.integer({ min: 1, max: 40 * 86_400_000 }), (index, from, length) => {
        const to = Math.min(from + length, wideTo);
        const narrow = busyIntervalsFromIcs(feeds[index] as string, { ownerZone: "America/Chicago", from, to }).intervals;
        expect(narrow).toEqual((wide[index] ?? []).filter((i) => i.start < to && i.end > from));
      }),
      { numRuns: propertyRuns(150) },
    );
  });
});
