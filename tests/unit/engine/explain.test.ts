import { explainSlot } from "../../../lib/engine/explain.js";
import type { Explanation, SlotQuery } from "../../../lib/engine/types.js";

const Z = (iso: string) => Date.parse(iso);
const iv = (a: string, b: string) => ({ start: Z(a), end: Z(b) });

// Monday 2031-01-06, Paris (UTC+1): hours 09:00–12:00 and 14:00–17:00 local.
const base: Omit<SlotQuery, "dates"> = {
  availability: {
    zone: "Europe/Paris",
    weekly: [{ days: [1, 2, 3, 4, 5], windows: [{ start: "09:00", end: "12:00" }, { start: "14:00", end: "17:00" }] }],
    blackouts: [iv("2031-01-08T08:00:00Z", "2031-01-08T11:00:00Z")],
  },
  settings: { durationMinutes: 60, bufferBeforeMinutes: 15, minimumNoticeMinutes: 120, horizonDays: 30, maxPerDay: 3 },
  now: Z("2031-01-05T12:00:00Z"),
  bookings: [{ ...iv("2031-01-06T09:00:00Z", "2031-01-06T10:00:00Z"), bufferAfterMinutes: 10 }],
  calendarBusy: [iv("2031-01-06T13:00:00Z", "2031-01-06T13:30:00Z")],
};
const codes = (e: Explanation) => e.reasons.map((r) => r.code);
const explain = (start: string, extra: Partial<SlotQuery> = {}, end?: string) =>
  explainSlot({ ...base, ...extra }, end ? { start: Z(start), end: Z(end) } : { start: Z(start) });

describe("explaining a slot", () => {
  it("offers a free, aligned slot inside the hours", () => {
    expect(explain("2031-01-06T08:00:00Z")).toEqual({ offered: true, slot: iv("2031-01-06T08:00:00Z", "2031-01-06T09:00:00Z"), reasons: [] });
  });

  it("names the booking a slot collides with", () => {
    const e = explain("2031-01-06T09:00:00Z");
    expect(e.offered).toBe(false);
    expect(e.reasons).toEqual([
      { code: "booked", message: "booked from 2031-01-06T10:00:00+01:00 to 2031-01-06T11:00:00+01:00", interval: iv("2031-01-06T09:00:00Z", "2031-01-06T10:00:00Z") },
    ]);
  });

  it("tells buffer conflicts from bookings and calendar events", () => {
    // 11:00 local follows the booking (ends 11:00, 10 min after-buffer) and the slot needs 15 min before.
    expect(explain("2031-01-06T10:00:00Z").reasons).toEqual([
      expect.objectContaining({ code: "buffer_conflict", interval: iv("2031-01-06T09:00:00Z", "2031-01-06T10:10:00Z") }),
    ]);
    // 14:30 local starts right after the calendar event (13:30Z = 14:30 local) but needs 15 min before.
    expect(explain("2031-01-06T13:30:00Z").reasons).toEqual([
      expect.objectContaining({ code: "misaligned" }),
      expect.objectContaining({ code: "buffer_conflict", interval: iv("2031-01-06T13:00:00Z", "2031-01-06T13:30:00Z") }),
    ]);
    expect(codes(explain("2031-01-06T13:00:00Z"))).toEqual(["calendar_busy"]);
  });

  it("says what lies outside the hours, and a blackout", () => {
    // 11:00–12:30 local on a Tuesday, with the window ending at 12:00.
    const e = explain("2031-01-07T10:00:00Z", { settings: { ...base.settings, durationMinutes: 90, stepMinutes: 60 } });
    expect(e.reasons).toEqual([
      expect.objectContaining({ code: "outside_availability", interval: iv("2031-01-07T11:00:00Z", "2031-01-07T11:30:00Z") }),
    ]);
    expect(codes(explain("2031-01-11T09:00:00Z"))).toEqual(["outside_availability"]); // a Saturday
    expect(explain("2031-01-08T09:00:00Z").reasons).toEqual([
      expect.objectContaining({ code: "blackout", interval: iv("2031-01-08T08:00:00Z", "2031-01-08T11:00:00Z") }),
    ]);
  });

  it("explains slots that cross the owner's midnight even when hours continue", () => {
    const e = explainSlot(
      {
        availability: { zone: "UTC", intervals: [iv("2031-01-06T22:00:00Z", "2031-01-07T02:00:00Z")] },
        settings: { durationMinutes: 60, stepMinutes: 30 },
        now: 0,
      },
      { start: Z("2031-01-06T23:30:00Z") },
    );
    expect(e.reasons).toEqual([expect.objectContaining({ code: "outside_availability", interval: iv("2031-01-07T00:00:00Z", "2031-01-07T00:30:00Z") })]);
    expect(e.reasons[0]!.message).toMatch(/midnight/);
  });

  it("reports misalignment on the window grid and on the clock", () => {
    expect(codes(explain("2031-01-07T08:30:00Z"))).toEqual(["misaligned"]);
    expect(explain("2031-01-07T08:30:00Z").reasons[0]!.message).toBe("slots start every 60 minutes from 2031-01-07T09:00:00+01:00");
    const clock = { settings: { ...base.settings, alignment: "clock" as const, stepMinutes: 15 } };
    expect(codes(explain("2031-01-07T08:30:00Z", clock))).toEqual([]);
    expect(codes(explain("2031-01-07T08:20:00Z", clock))).toEqual(["misaligned"]);
  });

  it("reports a wrong length", () => {
    expect(codes(explain("2031-01-06T08:00:00Z", {}, "2031-01-06T08:30:00Z"))).toEqual(["wrong_duration"]);
  });

  it("tells the past from too little notice and from beyond the horizon", () => {
    const now = Z("2031-01-06T13:00:00Z");
    expect(codes(explain("2031-01-06T08:00:00Z", { now, calendarBusy: [] }))).toEqual(["in_past"]);
    expect(explain("2031-01-06T14:00:00Z", { now, calendarBusy: [] }).reasons).toEqual([
      expect.objectContaining({ code: "too_soon", interval: iv("2031-01-06T13:00:00Z", "2031-01-06T15:00:00Z") }),
    ]);
    expect(codes(explain("2031-02-05T13:00:00Z", { now }))).toEqual(["beyond_horizon"]); // now + 30 days
    expect(codes(explain("2031-02-04T08:00:00Z", { now }))).toEqual([]);
  });

  it("reports the daily limit from bookings or from the caller's counts", () => {
    expect(codes(explain("2031-01-07T08:00:00Z", { bookingsPerDay: { "2031-01-07": 3 } }))).toEqual(["daily_limit"]);
    const three = ["09", "10", "11"].map((h) => iv(`2031-01-07T${h}:00:00Z`, `2031-01-07T${h}:30:00Z`));
    expect(codes(explain("2031-01-07T14:00:00Z", { bookings: three }))).toEqual(["daily_limit"]);
  });

  it("lists every reason that applies at once", () => {
    expect(codes(explain("2031-01-06T09:20:00Z", { now: Z("2031-01-06T12:00:00Z") }))).toEqual(["misaligned", "booked", "in_past"]);
  });
});
