/**
 * Every 2031 offset change in the zones the issue names, with UTC instants
 * worked out by hand from the zones' rules (not from the engine).
 */
import { availability, expandRules } from "../../../lib/engine/availability.js";
import { parseLocalDateTime } from "../../../lib/engine/local-time.js";
import { renderSlots, slotsFor } from "../../../lib/engine/slots.js";
import { zoneClock } from "../../../lib/engine/zone.js";
import type { Alignment, AvailabilitySpec } from "../../../lib/engine/types.js";

const Z = (iso: string) => Date.parse(iso);
const H = 3_600_000;
const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface Change {
  zone: string;
  date: string;
  /** First instant on the new offset. */
  at: string;
  /** 09:00 and 17:00 local that date. */
  nineToFive: [string, string];
  /** 00:00 that date and 00:00 the next (a window ending at 24:00). */
  wholeDay: [string, string];
  /** A wall time in the gap (spring) or the overlap (fall) and what it means. */
  probe: [string, string];
  /** 60-minute slots on a 00:00–24:00 rule, stepping from the window start / on the clock. */
  slots: Record<Alignment, number>;
}

const CHANGES: Change[] = [
  {
    zone: "America/New_York", date: "2031-03-09", at: "2031-03-09T07:00:00Z", // 02:00 EST → 03:00 EDT
    nineToFive: ["2031-03-09T13:00:00Z", "2031-03-09T21:00:00Z"],
    wholeDay: ["2031-03-09T05:00:00Z", "2031-03-10T04:00:00Z"],
    probe: ["02:30", "2031-03-09T07:00:00Z"],
    slots: { window: 23, clock: 23 },
  },
  {
    zone: "America/New_York", date: "2031-11-02", at: "2031-11-02T06:00:00Z", // 02:00 EDT → 01:00 EST
    nineToFive: ["2031-11-02T14:00:00Z", "2031-11-02T22:00:00Z"],
    wholeDay: ["2031-11-02T04:00:00Z", "2031-11-03T05:00:00Z"],
    probe: ["01:30", "2031-11-02T05:30:00Z"],
    slots: { window: 25, clock: 25 },
  },
  {
    zone: "Europe/London", date: "2031-03-30", at: "2031-03-30T01:00:00Z", // 01:00 GMT → 02:00 BST
    nineToFive: ["2031-03-30T08:00:00Z", "2031-03-30T16:00:00Z"],
    wholeDay: ["2031-03-30T00:00:00Z", "2031-03-30T23:00:00Z"],
    probe: ["01:30", "2031-03-30T01:00:00Z"],
    slots: { window: 23, clock: 23 },
  },
  {
    zone: "Europe/London", date: "2031-10-26", at: "2031-10-26T01:00:00Z", // 02:00 BST → 01:00 GMT
    nineToFive: ["2031-10-26T09:00:00Z", "2031-10-26T17:00:00Z"],
    wholeDay: ["2031-10-25T23:00:00Z", "2031-10-27T00:00:00Z"],
    probe: ["01:30", "2031-10-26T00:30:00Z"],
    slots: { window: 25, clock: 25 },
  },
  {
    zone: "Australia/Sydney", date: "2031-04-06", at: "2031-04-05T16:00:00Z", // 03:00 AEDT → 02:00 AEST
    nineToFive: ["2031-04-05T23:00:00Z", "2031-04-06T07:00:00Z"],
    wholeDay: ["2031-04-05T13:00:00Z", "2031-04-06T14:00:00Z"],
    probe: ["02:30", "2031-04-05T15:30:00Z"],
    slots: { window: 25, clock: 25 },
  },
  {
    zone: "Australia/Sydney", date: "2031-10-05", at: "2031-10-04T16:00:00Z", // 02:00 AEST → 03:00 AEDT
    nineToFive: ["2031-10-04T22:00:00Z", "2031-10-05T06:00:00Z"],
    wholeDay: ["2031-10-04T14:00:00Z", "2031-10-05T13:00:00Z"],
    probe: ["02:30", "2031-10-04T16:00:00Z"],
    slots: { window: 23, clock: 23 },
  },
  {
    zone: "Australia/Lord_Howe", date: "2031-04-06", at: "2031-04-05T15:00:00Z", // 02:00 +11 → 01:30 +10:30
    nineToFive: ["2031-04-05T22:30:00Z", "2031-04-06T06:30:00Z"],
    wholeDay: ["2031-04-05T13:00:00Z", "2031-04-06T13:30:00Z"],
    probe: ["01:45", "2031-04-05T14:45:00Z"],
    slots: { window: 24, clock: 24 },
  },
  {
    zone: "Australia/Lord_Howe", date: "2031-10-05", at: "2031-10-04T15:30:00Z", // 02:00 +10:30 → 02:30 +11
    nineToFive: ["2031-10-04T22:00:00Z", "2031-10-05T06:00:00Z"],
    wholeDay: ["2031-10-04T13:30:00Z", "2031-10-05T13:00:00Z"],
    probe: ["02:15", "2031-10-04T15:30:00Z"],
    slots: { window: 23, clock: 23 },
  },
  {
    zone: "Pacific/Chatham", date: "2031-04-06", at: "2031-04-05T14:00:00Z", // 03:45 +13:45 → 02:45 +12:45
    nineToFive: ["2031-04-05T20:15:00Z", "2031-04-06T04:15:00Z"],
    wholeDay: ["2031-04-05T10:15:00Z", "2031-04-06T11:15:00Z"],
    probe: ["03:00", "2031-04-05T13:15:00Z"],
    slots: { window: 25, clock: 25 },
  },
  {
    zone: "Pacific/Chatham", date: "2031-09-28", at: "2031-09-27T14:00:00Z", // 02:45 +12:45 → 03:45 +13:45
    nineToFive: ["2031-09-27T19:15:00Z", "2031-09-28T03:15:00Z"],
    wholeDay: ["2031-09-27T11:15:00Z", "2031-09-28T10:15:00Z"],
    probe: ["03:00", "2031-09-27T14:00:00Z"],
    slots: { window: 23, clock: 23 },
  },
];

const shiftDate = (date: string, days: number) => new Date(Z(`${date}T00:00:00Z`) + days * 24 * H).toISOString().slice(0, 10);

/** Local dates of 2031 whose length is not 24 hours, found by walking the engine's clock. */
function changeDates(zone: string): string[] {
  const clock = zoneClock(zone);
  const first = Z("2031-01-01T00:00:00Z") / (24 * H);
  const out: string[] = [];
  for (let day = first; day < first + 365; day++) {
    if (clock.startOfDay(day + 1) - clock.startOfDay(day) !== 24 * H) out.push(new Date(day * 24 * H).toISOString().slice(0, 10));
  }
  return out;
}

const weekly = (zone: string, start: string, end: string): AvailabilitySpec => ({
  zone,
  weekly: [{ days: [...ALL_DAYS], windows: [{ start, end }] }],
});

describe("the 2031 offset changes are the ones expected", () => {
  it.each([
    ["America/New_York", ["2031-03-09", "2031-11-02"]],
    ["Europe/London", ["2031-03-30", "2031-10-26"]],
    ["Australia/Sydney", ["2031-04-06", "2031-10-05"]],
    ["Australia/Lord_Howe", ["2031-04-06", "2031-10-05"]],
    ["Pacific/Chatham", ["2031-04-06", "2031-09-28"]],
    ["Asia/Kolkata", []],
    ["America/Mexico_City", []],
  ])("%s changes on %j", (zone, dates) => {
    expect(changeDates(zone)).toEqual(dates);
  });

  it.each(CHANGES.map((c) => [c.zone, c.date, c] as const))("%s %s: the offset changes at the pinned instant", (_z, _d, c) => {
    const clock = zoneClock(c.zone);
    expect(clock.offsetAt(Z(c.at))).not.toBe(clock.offsetAt(Z(c.at) - 1));
    expect(clock.offsetAt(Z(c.at) - 1)).toBe(clock.offsetAt(Z(c.at) - 12 * H));
    expect(clock.offsetAt(Z(c.at))).toBe(clock.offsetAt(Z(c.at) + 12 * H));
  });
});

describe.each(CHANGES.map((c) => [c.zone, c.date, c] as const))("%s on %s", (_zone, _date, c) => {
  it("a 09:00–17:00 rule stays 09:00–17:00 local on the change date and both sides of it", () => {
    const dates = { from: shiftDate(c.date, -1), to: shiftDate(c.date, 1) };
    const got = availability(weekly(c.zone, "09:00", "17:00"), dates);
    expect(got).toHaveLength(3);
    expect(got[1]).toEqual({ start: Z(c.nineToFive[0]), end: Z(c.nineToFive[1]) });
    expect(renderSlots(got, c.zone)).toEqual(
      [-1, 0, 1].map((d) => ({ start: `${shiftDate(c.date, d)}T09:00`, end: `${shiftDate(c.date, d)}T17:00` })),
    );
    // Every change happens before 09:00: the elapsed time from the day before absorbs it.
    expect(got[1]!.start - got[0]!.start).toBe(Z(c.wholeDay[1]) - Z(c.wholeDay[0]));
    expect(got[2]!.start - got[1]!.start).toBe(24 * H);
  });

  it("a 00:00–24:00 rule covers the whole local date, ending at the next local midnight", () => {
    const [win] = expandRules(weekly(c.zone, "00:00", "24:00"), { from: c.date, to: c.date });
    expect(win).toEqual({ start: Z(c.wholeDay[0]), end: Z(c.wholeDay[1]), date: c.date });
    expect(win!.end - win!.start).not.toBe(24 * H);
  });

  it(`reads ${c.probe[0]}, in the gap or the overlap, as the pinned instant`, () => {
    expect(parseLocalDateTime(`${c.date}T${c.probe[0]}`, c.zone)).toBe(Z(c.probe[1]));
  });

  it.each(["window", "clock"] as const)("offers the expected 60-minute slots with %s alignment", (alignment) => {
    const slots = slotsFor({
      availability: weekly(c.zone, "00:00", "24:00"),
      dates: { from: c.date, to: c.date },
      settings: { durationMinutes: 60, alignment },
      now: Z("2030-01-01T00:00:00Z"),
    });
    expect(slots).toHaveLength(c.slots[alignment]);
    for (const s of slots) {
      expect(s.end - s.start).toBe(H);
      expect(s.start).toBeGreaterThanOrEqual(Z(c.wholeDay[0]));
      expect(s.end).toBeLessThanOrEqual(Z(c.wholeDay[1]));
    }
    if (alignment === "clock") for (const r of renderSlots(slots, c.zone)) expect(r.start.slice(-3)).toBe(":00");
  });
});

describe("zones without a change in 2031", () => {
  it("Asia/Kolkata (+05:30) keeps 09:00–17:00 at 03:30Z–11:30Z all year", () => {
    const got = availability(weekly("Asia/Kolkata", "09:00", "17:00"), { from: "2031-01-01", to: "2031-12-31" });
    expect(got).toHaveLength(365);
    for (const x of got) {
      expect(new Date(x.start).toISOString().slice(11, 16)).toBe("03:30");
      expect(new Date(x.end).toISOString().slice(11, 16)).toBe("11:30");
    }
  });

  it("America/Mexico_City (DST abolished in 2022) stays at −06:00 on the old change dates", () => {
    const got = availability(weekly("America/Mexico_City", "09:00", "17:00"), { from: "2031-01-01", to: "2031-12-31" });
    expect(got).toHaveLength(365);
    for (const x of got) expect(new Date(x.start).toISOString().slice(11, 16)).toBe("15:00");
    // First Sunday of April and last Sunday of October, when the clocks used to change.
    const [april] = expandRules(weekly("America/Mexico_City", "00:00", "24:00"), { from: "2031-04-06", to: "2031-04-06" });
    const [october] = expandRules(weekly("America/Mexico_City", "00:00", "24:00"), { from: "2031-10-26", to: "2031-10-26" });
    expect(april).toMatchObject({ start: Z("2031-04-06T06:00:00Z"), end: Z("2031-04-07T06:00:00Z") });
    expect(october).toMatchObject({ start: Z("2031-10-26T06:00:00Z"), end: Z("2031-10-27T06:00:00Z") });
  });
});

describe("windows that start or end inside a gap or an overlap", () => {
  const ny = "America/New_York";
  it("a window starting in the spring-forward gap starts when the clock resumes", () => {
    expect(availability(weekly(ny, "02:30", "03:30"), { from: "2031-03-09", to: "2031-03-09" })).toEqual([
      { start: Z("2031-03-09T07:00:00Z"), end: Z("2031-03-09T07:30:00Z") },
    ]);
  });

  it("a window wholly inside the gap is empty that date", () => {
    expect(availability(weekly(ny, "02:00", "03:00"), { from: "2031-03-09", to: "2031-03-09" })).toEqual([]);
    expect(availability(weekly(ny, "02:10", "02:50"), { from: "2031-03-08", to: "2031-03-10" })).toHaveLength(2);
  });

  it("a window in the fall-back overlap runs from the first occurrence of its start", () => {
    // 01:30 EDT (05:30Z) to 02:30 EST (07:30Z): two hours of elapsed time.
    expect(availability(weekly(ny, "01:30", "02:30"), { from: "2031-11-02", to: "2031-11-02" })).toEqual([
      { start: Z("2031-11-02T05:30:00Z"), end: Z("2031-11-02T07:30:00Z") },
    ]);
  });

  it("renders 01:00 twice on the fall-back date with hourly slots", () => {
    const slots = slotsFor({
      availability: weekly(ny, "00:00", "04:00"),
      dates: { from: "2031-11-02", to: "2031-11-02" },
      settings: { durationMinutes: 60 },
      now: 0,
    });
    expect(renderSlots(slots, ny).map((s) => s.start.slice(11))).toEqual(["00:00", "01:00", "01:00", "02:00", "03:00"]);
  });
});
