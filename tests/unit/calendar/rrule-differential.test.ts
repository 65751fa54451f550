/**
 * Differential property test: the project's RRULE expansion (lib/calendar/rrule.ts
 * through busyIntervalsFromIcs: UNTIL, wall times to instants, duplicates) against an
 * independent implementation, rrule-temporal (Temporal-based, used here only).
 * Random rules, DST and non-DST zones, random windows; both must give the same
 * instants. DTSTART always counts as the first occurrence (RFC 5545 §3.8.5.3); see
 * theirs() for how that is compared.
 */
import fc from "fast-check";
import { RRuleTemporal } from "rrule-temporal";
import { busyIntervalsFromIcs } from "../../../lib/calendar/ics.js";
import { ianaZone, wallToInstant, type WallTimePolicy } from "../../../lib/time/zone.js";
import { DAY_MS, HOUR_MS, wallTime } from "../../../lib/calendar/wall-time.js";
import { calendar } from "./fixtures.js";
import { propertyRuns } from "../../support/property-runs.js";

/** The feed reader's reading of wall times (RFC 5545 §3.3.5). */
const RFC_5545: WallTimePolicy = { gap: "shift-by-gap", fold: "earlier" };
const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Santiago"] as const;
const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
/** Window length per frequency, so that neither side lists more than a few thousand instances. */
const WINDOW_DAYS = { YEARLY: 3 * 366, MONTHLY: 2 * 366, WEEKLY: 366, DAILY: 120, HOURLY: 10, MINUTELY: 1 } as const;
type Freq = keyof typeof WINDOW_DAYS;

const basic = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

const caseArbitrary = fc
  .record({
    freq: fc.constantFrom<Freq>("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY"),
    interval: fc.integer({ min: 1, max: 4 }),
    end: fc.oneof(
      fc.constant<{ kind: "none" }>({ kind: "none" }),
      fc.integer({ min: 1, max: 40 }).map((count) => ({ kind: "count" as const, count })),
      fc.integer({ min: 0, max: 400 * 24 }).map((hours) => ({ kind: "until" as const, hours })),
    ),
    byDay: fc.option(
      fc.uniqueArray(fc.tuple(fc.constantFrom(0, 0, 0, 1, 2, -1, -2), fc.integer({ min: 0, max: 6 })), {
        minLength: 1,
        maxLength: 3,
        selector: ([, d]) => d,
      }),
      { nil: undefined },
    ),
    byMonthDay: fc.option(fc.uniqueArray(fc.constantFrom(1, 2, 13, 15, 28, 29, 30, 31, -1, -2), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    byMonth: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    byHour: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    byMinute: fc.option(fc.uniqueArray(fc.constantFrom(0, 15, 30, 45, 59), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    bySetPos: fc.option(fc.constantFrom(1, 2, -1), { nil: undefined }),
    wkst: fc.constantFrom(0, 0, 6),
    zone: fc.constantFrom(...ZONES),
    // DTSTART's wall time: a day in 2029-2031 and a time of day (DST gaps and folds included).
    startDay: fc.integer({ min: 0, max: 3 * 365 }),
    startMinute: fc.integer({ min: 0, max: 24 * 4 - 1 }).map((q) => q * 15),
    windowOffsetHours: fc.integer({ min: -24, max: 24 * 400 }),
    windowFraction: fc.double({ min: 0.05, max: 1, noNaN: true }),
  })
  .map((c) => {
    const parts = [`FREQ=${c.freq}`, `INTERVAL=${c.interval}`];
    if (c.byDay) {
      // Ordinals only mean something for MONTHLY and YEARLY (RFC 5545 forbids them elsewhere).
      // Not with BYMONTHDAY either: rrule-temporal 2.2.7 then ignores BYMONTHDAY
      // (YEARLY;BYDAY=2MO;BYMONTHDAY=1 gives 2029-01-08, the year's second Monday, not
      // a 1st), while RFC 5545 §3.3.10's table makes BYDAY a limit there, as here.
      // Nor mixed with plain days: for YEARLY;BYDAY=2TU,MO rrule-temporal gives only the second
      // Tuesday, while RFC 5545 adds every Monday of the year (as here).
      const ordinals =
        (c.freq === "MONTHLY" || c.freq === "YEARLY") && c.byMonthDay === undefined && c.byDay.every(([n]) => n !== 0);
      parts.push(`BYDAY=${c.byDay.map(([n, d]) => `${ordinals && n !== 0 ? n : ""}${WEEKDAYS[d]}`).join(",")}`);
    }
    if (c.byMonthDay && c.freq !== "WEEKLY") parts.push(`BYMONTHDAY=${c.byMonthDay.join(",")}`);
    if (c.byMonth) parts.push(`BYMONTH=${c.byMonth.join(",")}`);
    if (c.byHour && c.freq !== "HOURLY" && c.freq !== "MINUTELY") parts.push(`BYHOUR=${c.byHour.join(",")}`);
    if (c.byMinute && c.freq !== "MINUTELY") parts.push(`BYMINUTE=${c.byMinute.join(",")}`);
    // BYSETPOS needs another BYxxx part to choose among (RFC 5545 §3.3.10).
    if (c.bySetPos !== undefined && parts.length > 2) parts.push(`BYSETPOS=${c.bySetPos}`);
    if (c.wkst !== 0) parts.push(`WKST=${WEEKDAYS[c.wkst]}`);

    const dtstartWall = wallTime(2029, 1, 1) + c.startDay * DAY_MS + c.startMinute * 60_000;
    const zone = ianaZone(c.zone);
    const dtstart = wallToInstant(zone, dtstartWall, RFC_5545);
    if (c.end.kind === "count") parts.push(`COUNT=${c.end.count}`);
    const until = c.end.kind === "until" ? dtstart + c.end.hours * HOUR_MS : undefined;
    if (until !== undefined) parts.push(`UNTIL=${basic(until)}`);

    const from = dtstart + c.windowOffsetHours * HOUR_MS;
    const to = from + Math.max(HOUR_MS, Math.round(c.windowFraction * WINDOW_DAYS[c.freq] * DAY_MS));
    return { rule: parts.join(";"), zoneName: c.zone, dtstartWall, until, from, to };
  });

type Case = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** The project's instants in [from, to): the starts of one-second instances, read from a feed. */
function ours(c: Case): number[] {
  const start = basic(c.dtstartWall).replace("Z", "");
  const text = calendar(`
BEGIN:VEVENT
UID:differential
DTSTART;TZID=${c.zoneName}:${start}
DURATION:PT1S
RRULE:${c.rule}
END:VEVENT`);
  const result = busyIntervalsFromIcs(text, { ownerZone: "UTC", from: c.from, to: c.to });
  expect(result.stats.truncated).toBe(false);
  return result.intervals.map((i) => i.start).filter((t) => t >= c.from);
}

/**
 * rrule-temporal's instants in [from, to), and whether DTSTART is one of the rule's own
 * occurrences. DTSTART is left to the caller: RFC 5545 counts it as the first occurrence
 * even when the rule does not produce it, and rrule-temporal 2.2.7's includeDtstart does
 * not (FREQ=YEARLY;BYMINUTE=0,30;BYSETPOS=1;COUNT=1 from 01:30 yields nothing there).
 */
function theirs(c: Case): { instants: number[]; dtstartMatches: boolean } | undefined {
  const dtstart = `DTSTART;TZID=${c.zoneName}:${basic(c.dtstartWall).replace("Z", "")}`;
  const rule = new RRuleTemporal({ rruleString: `${dtstart}\nRRULE:${c.rule}`, maxIterations: 5_000 });
  const start = wallToInstant(ianaZone(c.zoneName), c.dtstartWall, RFC_5545);
  try {
    const instants = rule
      .between(new Date(c.from), new Date(c.to), true)
      .map((zdt) => zdt.epochMilliseconds)
      .filter((t) => t >= c.from && t < c.to && t >= start);
    return { instants, dtstartMatches: rule.matches(new Date(start)) };
  } catch {
    // rrule-temporal searches a rule that never occurs (YEARLY;BYMONTH=1;BYSETPOS=2) until it gives up.
    return undefined;
  }
}

const iso = (list: number[]) => list.map((t) => new Date(t).toISOString());

describe("RRULE expansion agrees with rrule-temporal", () => {
  it("property: the same instants for random rules, zones and windows", () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const reference = theirs(c);
        fc.pre(reference !== undefined);
        // With COUNT, an extra DTSTART shifts which occurrence is the last: compared only when DTSTART is the rule's own.
        fc.pre(reference.dtstartMatches || !/COUNT=/.test(c.rule));
        const start = wallToInstant(ianaZone(c.zoneName), c.dtstartWall, RFC_5545);
        const own = ours(c);
        expect(own[0] === start || start < c.from || start >= c.to).toBe(true);
        const compared = reference.dtstartMatches ? own : own.filter((t) => t !== start);
        expect({ rule: c.rule, zone: c.zoneName, instants: iso(compared) }).toEqual({ rule: c.rule, zone: c.zoneName, instants: iso(reference.instants) });
      }),
      // A fixed seed keeps CI repeatable; FC_SEED explores others. Known divergence there: an HOURLY
      // series across a spring-forward gap steps in wall time here (02:00 → 03:00 EDT, then 04:00),
      // in elapsed time in rrule-temporal; RFC 5545 leaves sub-daily steps in a gap to the reader.
      { numRuns: propertyRuns(100), seed: Number(process.env.FC_SEED ?? 20261204) },
    );
  });
});
