import { renderSlots, renderSlotsWithOffset, slotsFor } from "../../../lib/engine/slots.js";
import { EngineInputError } from "../../../lib/engine/errors.js";
import type { AvailabilitySpec, SlotQuery, SlotSettings } from "../../../lib/engine/types.js";

const Z = (iso: string) => Date.parse(iso);
const iv = (a: string, b: string) => ({ start: Z(a), end: Z(b) });
const LONG_AGO = Z("2030-01-01T00:00:00Z");

/** The seed's search: date rules in UTC, 60-minute slots, one date. */
function seedSearch(spec: Omit<AvailabilitySpec, "zone">, extra: Partial<SlotQuery> = {}, zone = "UTC") {
  const slots = slotsFor({
    availability: { zone, ...spec },
    dates: { from: "2030-12-01", to: "2030-12-01" },
    settings: { durationMinutes: 60 },
    now: LONG_AGO,
    ...extra,
  });
  return renderSlots(slots, zone).map((s) => `${s.start.slice(11)}–${s.end.slice(11)}`);
}
const rule = (start: string, end: string, from = "2030-12-01", to = "2030-12-01") => ({ from, to, start, end });

describe("seed behaviours", () => {
  it("steps 60-minute slots from the rule start and drops a shorter trailing piece", () => {
    expect(seedSearch({ dateRules: [rule("09:30", "12:15")] })).toEqual(["09:30–10:30", "10:30–11:30"]);
  });

  it("offers each slot once for duplicate or overlapping rules, sorted by start", () => {
    expect(seedSearch({ dateRules: [rule("13:00", "15:00"), rule("09:00", "11:00"), rule("09:00", "11:00")] })).toEqual([
      "09:00–10:00",
      "10:00–11:00",
      "13:00–14:00",
      "14:00–15:00",
    ]);
    expect(
      seedSearch({ dateRules: [rule("09:00", "11:00")], weekly: [{ days: [7], windows: [{ start: "10:00", end: "12:00" }] }] }),
    ).toEqual(["09:00–10:00", "10:00–11:00", "11:00–12:00"]);
  });

  it("makes touching rules produce contiguous slots, even when neither is a whole number of slots", () => {
    expect(seedSearch({ dateRules: [rule("09:00", "10:30"), rule("10:30", "12:00")] })).toEqual([
      "09:00–10:00",
      "10:00–11:00",
      "11:00–12:00",
    ]);
  });

  it("ends a slot at midnight on the next date's 00:00 (24:00 rule end)", () => {
    const slots = slotsFor({
      availability: { zone: "UTC", dateRules: [rule("22:00", "24:00")] },
      dates: { from: "2030-12-01", to: "2030-12-01" },
      settings: { durationMinutes: 60 },
      now: LONG_AGO,
    });
    expect(renderSlots(slots, "UTC")).toEqual([
      { start: "2030-12-01T22:00", end: "2030-12-01T23:00" },
      { start: "2030-12-01T23:00", end: "2030-12-02T00:00" },
    ]);
  });

  it("excludes booked, calendar-busy and past time without moving the grid", () => {
    const spec = { dateRules: [rule("09:00", "14:00")] };
    expect(seedSearch(spec, { bookings: [iv("2030-12-01T10:00:00Z", "2030-12-01T11:00:00Z")] })).toEqual([
      "09:00–10:00",
      "11:00–12:00",
      "12:00–13:00",
      "13:00–14:00",
    ]);
    // A 30-minute booking at 10:15 costs the 10:00 slot only; 11:00 stays on the grid (no 10:45).
    expect(seedSearch(spec, { bookings: [iv("2030-12-01T10:15:00Z", "2030-12-01T10:45:00Z")] })).toEqual([
      "09:00–10:00",
      "11:00–12:00",
      "12:00–13:00",
      "13:00–14:00",
    ]);
    expect(seedSearch(spec, { calendarBusy: [iv("2030-12-01T11:59:00Z", "2030-12-01T12:01:00Z")] })).toEqual([
      "09:00–10:00",
      "10:00–11:00",
      "13:00–14:00",
    ]);
    expect(seedSearch(spec, { now: Z("2030-12-01T10:30:00Z") })).toEqual(["11:00–12:00", "12:00–13:00", "13:00–14:00"]);
    expect(seedSearch(spec, { now: Z("2030-12-01T11:00:00Z") })).toEqual(["11:00–12:00", "12:00–13:00", "13:00–14:00"]);
  });

  it("reads rules in the owner's zone (rules may cover past dates)", () => {
    expect(seedSearch({ dateRules: [rule("09:00", "11:00", "2020-01-01", "2040-12-31")] }, {}, "Europe/Paris")).toEqual([
      "09:00–10:00",
      "10:00–11:00",
    ]);
  });

  it("gives no slots to an owner without rules", () => {
    expect(seedSearch({})).toEqual([]);
  });
});

describe("slot settings", () => {
  const day = { from: "2031-01-06", to: "2031-01-06" }; // a Monday
  const nineToFive: AvailabilitySpec = { zone: "UTC", weekly: [{ days: [1], windows: [{ start: "09:00", end: "17:00" }] }] };
  const starts = (settings: SlotSettings, extra: Partial<SlotQuery> = {}, spec = nineToFive) =>
    renderSlots(slotsFor({ availability: spec, dates: day, settings, now: LONG_AGO, ...extra }), "UTC").map((s) => s.start.slice(11));

  it("steps by the duration unless a step is given", () => {
    expect(starts({ durationMinutes: 180 })).toEqual(["09:00", "12:00"]);
    expect(starts({ durationMinutes: 180, stepMinutes: 90 })).toEqual(["09:00", "10:30", "12:00", "13:30"]);
  });

  it("aligns to each window's start, or to the clock", () => {
    const spec: AvailabilitySpec = { zone: "UTC", weekly: [{ days: [1], windows: [{ start: "09:10", end: "11:00" }] }] };
    expect(starts({ durationMinutes: 30, alignment: "window" }, {}, spec)).toEqual(["09:10", "09:40", "10:10"]);
    expect(starts({ durationMinutes: 30, alignment: "clock" }, {}, spec)).toEqual(["09:30", "10:00", "10:30"]);
    expect(starts({ durationMinutes: 30, stepMinutes: 15, alignment: "clock" }, {}, spec)).toEqual(["09:15", "09:30", "09:45", "10:00", "10:15", "10:30"]);
  });

  it("aligns to the clock of the display zone", () => {
    // 09:00–12:00 in Kolkata (+05:30) is 03:30Z–06:30Z: on a London clock (UTC in January) hours fall at :00Z.
    const kolkata: AvailabilitySpec = { zone: "Asia/Kolkata", weekly: [{ days: [1], windows: [{ start: "09:00", end: "12:00" }] }] };
    const q = (settings: SlotSettings) =>
      slotsFor({ availability: kolkata, dates: day, settings, now: LONG_AGO }).map((s) => new Date(s.start).toISOString().slice(11, 16));
    expect(q({ durationMinutes: 60, alignment: "clock" })).toEqual(["03:30", "04:30", "05:30"]);
    expect(q({ durationMinutes: 60, alignment: "clock", displayZone: "Europe/London" })).toEqual(["04:00", "05:00"]);
    const shown = slotsFor({ availability: kolkata, dates: day, settings: { durationMinutes: 60, alignment: "clock", displayZone: "Europe/London" }, now: LONG_AGO });
    expect(renderSlotsWithOffset(shown, "Europe/London")[0]).toEqual({ start: "2031-01-06T04:00:00+00:00", end: "2031-01-06T05:00:00+00:00" });
  });

  it("keeps each booking's own buffers and the slot's buffers free of each other", () => {
    const booking = { ...iv("2031-01-06T12:00:00Z", "2031-01-06T13:00:00Z"), bufferBeforeMinutes: 15, bufferAfterMinutes: 30 };
    // Booking blocks 11:45–13:30. Slot buffers 10 before / 20 after must not touch that either.
    expect(starts({ durationMinutes: 30, stepMinutes: 15 }, { bookings: [booking] })).toEqual(
      ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "13:30", "13:45", "14:00", "14:15", "14:30", "14:45", "15:00", "15:15", "15:30", "15:45", "16:00", "16:15", "16:30"],
    );
    expect(starts({ durationMinutes: 30, stepMinutes: 15, bufferBeforeMinutes: 10, bufferAfterMinutes: 20 }, { bookings: [booking] })).toEqual(
      ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45", "13:45", "14:00", "14:15", "14:30", "14:45", "15:00", "15:15", "15:30", "15:45", "16:00", "16:15", "16:30"],
    );
  });

  it("lets a slot's buffers reach outside availability but not into busy time", () => {
    const settings = { durationMinutes: 60, bufferBeforeMinutes: 30, bufferAfterMinutes: 30 };
    expect(starts(settings)).toEqual(["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]);
    expect(starts(settings, { calendarBusy: [iv("2031-01-06T08:00:00Z", "2031-01-06T08:45:00Z")] })).toEqual(
      ["10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"],
    );
  });

  it("needs the minimum notice after now and stops at the horizon", () => {
    const now = Z("2031-01-06T09:20:00Z");
    expect(starts({ durationMinutes: 60, minimumNoticeMinutes: 100 }, { now })).toEqual(["11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]);
    // Horizon: starts strictly before now + 1 day.
    const week = { from: "2031-01-06", to: "2031-01-13" };
    const all = slotsFor({ availability: nineToFive, dates: week, settings: { durationMinutes: 60, horizonDays: 7 }, now: Z("2031-01-06T12:00:00Z") });
    expect(renderSlots(all, "UTC").map((s) => s.start)).toEqual([
      "2031-01-06T12:00", "2031-01-06T13:00", "2031-01-06T14:00", "2031-01-06T15:00", "2031-01-06T16:00",
      "2031-01-13T09:00", "2031-01-13T10:00", "2031-01-13T11:00",
    ]);
  });

  it("offers nothing on a date whose bookings reached the daily maximum", () => {
    const spec: AvailabilitySpec = { zone: "Europe/Paris", weekly: [{ days: [1, 2], windows: [{ start: "09:00", end: "11:00" }] }] };
    const dates = { from: "2031-01-06", to: "2031-01-07" };
    const run = (extra: Partial<SlotQuery>) =>
      renderSlots(slotsFor({ availability: spec, dates, settings: { durationMinutes: 60, maxPerDay: 1 }, now: LONG_AGO, ...extra }), "Europe/Paris").map((s) => s.start);
    // 23:30Z on the 6th is 00:30 on the 7th in Paris: it counts for the 7th.
    expect(run({ bookings: [iv("2031-01-06T23:30:00Z", "2031-01-07T00:00:00Z")] })).toEqual(["2031-01-06T09:00", "2031-01-06T10:00"]);
    expect(run({ bookingsPerDay: { "2031-01-06": 1, "2031-01-07": 0 } })).toEqual(["2031-01-07T09:00", "2031-01-07T10:00"]);
    expect(run({ settings: { durationMinutes: 60, maxPerDay: 0 } })).toEqual([]);
  });

  it("does not let blackouts or busy time re-anchor the window grid", () => {
    const spec: AvailabilitySpec = { ...nineToFive, blackouts: [iv("2031-01-06T10:00:00Z", "2031-01-06T10:20:00Z")] };
    expect(starts({ durationMinutes: 60 }, {}, spec)).toEqual(["09:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]);
  });

  it("never lets a slot straddle the owner's local midnight", () => {
    const spec: AvailabilitySpec = { zone: "UTC", intervals: [iv("2031-01-06T22:00:00Z", "2031-01-07T02:00:00Z")] };
    const slots = slotsFor({ availability: spec, dates: { from: "2031-01-06", to: "2031-01-07" }, settings: { durationMinutes: 90 }, now: LONG_AGO });
    expect(renderSlots(slots, "UTC").map((s) => s.start)).toEqual(["2031-01-06T22:00", "2031-01-07T00:00"]);
  });

  it("rejects settings it cannot honour", () => {
    const q = (settings: SlotSettings) => () => slotsFor({ availability: nineToFive, dates: day, settings, now: LONG_AGO });
    expect(q({ durationMinutes: 0 })).toThrow(EngineInputError);
    expect(q({ durationMinutes: 30, stepMinutes: 7.5 })).toThrow(/stepMinutes/);
    expect(q({ durationMinutes: 30, bufferAfterMinutes: -5 })).toThrow(/bufferAfterMinutes/);
    expect(q({ durationMinutes: 30, horizonDays: 0 })).toThrow(/horizonDays/);
    expect(q({ durationMinutes: 30, maxPerDay: 1.5 })).toThrow(/maxPerDay/);
    expect(q({ durationMinutes: 30, displayZone: "Nowhere/Land" })).toThrow(/IANA/);
  });
});
