/**
 * Free time, slots and explanations against a brute-force minute-grid model,
 * for an owner in UTC over three days (zones have their own tests).
 * Coordinates are minutes from 2031-01-06T00:00Z, a Monday.
 */
import fc from "fast-check";
import { availability } from "../../../lib/engine/availability.js";
import { explainSlot } from "../../../lib/engine/explain.js";
import { freeTime } from "../../../lib/engine/free-time.js";
import { slotsFor } from "../../../lib/engine/slots.js";
import type {
  AvailabilitySpec,
  Booking,
  DateOverride,
  DateRule,
  Interval,
  IsoWeekday,
  LocalWindow,
  ReasonCode,
  SlotQuery,
  SlotSettings,
  WeeklyRule,
} from "../../../lib/engine/types.js";
import { Bitmap, Counted } from "./support/oracle.js";
import { propertyRuns } from "../../support/property-runs.js";

const BASE = Date.UTC(2031, 0, 6);
const MIN = 60_000;
const DAYS = 3;
const DAY = 1440;
// Wide enough for every generated instant, plus buffers.
const LO = -DAY - 120;
const HI = (DAYS + 1) * DAY + 40 * 15 + 120;
const toMs = (m: number) => BASE + m * MIN;
const toMin = (t: number) => (t - BASE) / MIN;
const dateOf = (d: number) => new Date(BASE + d * DAY * MIN).toISOString().slice(0, 10);
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

// ---- generators (15-minute grid for rules; 5-minute grid for instants, so edges often coincide)
const wallWindow = fc
  .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 40 }))
  .map(([s, len]): LocalWindow => ({ start: hhmm(s * 15), end: hhmm(Math.min(96, s + len) * 15) }));
const weeklyRule = fc.record({
  days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }).map((d) => d as IsoWeekday[]),
  windows: fc.array(wallWindow, { minLength: 1, maxLength: 3 }),
}) as fc.Arbitrary<WeeklyRule>;
const dateRule = fc
  .tuple(fc.integer({ min: -1, max: DAYS }), fc.integer({ min: 0, max: 2 }), wallWindow)
  .map(([d, len, w]): DateRule => ({ from: dateOf(d), to: dateOf(d + len), ...w }));
const override = fc
  .tuple(fc.integer({ min: 0, max: DAYS - 1 }), fc.array(wallWindow, { maxLength: 2 }))
  .map(([d, windows]): DateOverride => ({ date: dateOf(d), windows }));
const span = (grid: number, maxLen: number) =>
  fc
    .tuple(fc.integer({ min: Math.floor(-DAY / grid), max: Math.floor(((DAYS + 1) * DAY) / grid) }), fc.integer({ min: 0, max: maxLen }))
    .map(([s, len]): Interval => ({ start: toMs(s * grid), end: toMs((s + len) * grid) }));
const booking = fc
  .tuple(span(5, 24), fc.constantFrom(0, 0, 10, 15), fc.constantFrom(0, 0, 5, 30))
  .map(([x, b, a]): Booking => ({ ...x, bufferBeforeMinutes: b, bufferAfterMinutes: a }));

const spec: fc.Arbitrary<AvailabilitySpec> = fc.record({
  zone: fc.constant("UTC"),
  weekly: fc.array(weeklyRule, { maxLength: 3 }),
  dateRules: fc.array(dateRule, { maxLength: 3 }),
  intervals: fc.array(span(15, 40), { maxLength: 3 }),
  overrides: fc.array(override, { maxLength: 2 }),
  blackouts: fc.array(span(5, 30), { maxLength: 2 }),
});
const settings: fc.Arbitrary<SlotSettings> = fc.record(
  {
    durationMinutes: fc.constantFrom(15, 30, 45, 60, 90),
    stepMinutes: fc.constantFrom(15, 20, 30, 60, 25),
    alignment: fc.constantFrom("window", "clock"),
    bufferBeforeMinutes: fc.constantFrom(0, 10, 15),
    bufferAfterMinutes: fc.constantFrom(0, 5, 30),
    minimumNoticeMinutes: fc.constantFrom(0, 30, 600),
    horizonDays: fc.constantFrom(1, 2, 1.5),
    maxPerDay: fc.constantFrom(0, 1, 2),
  },
  { requiredKeys: ["durationMinutes"] },
);
const query: fc.Arbitrary<SlotQuery> = fc
  .record({
    availability: spec,
    from: fc.integer({ min: 0, max: DAYS - 1 }),
    len: fc.integer({ min: 0, max: DAYS - 1 }),
    settings,
    now: fc.integer({ min: -DAY / 5, max: (DAYS * DAY) / 5 }).map((m) => toMs(m * 5)),
    bookings: fc.array(booking, { maxLength: 6 }),
    calendarBusy: fc.array(span(5, 24), { maxLength: 6 }),
    perDay: fc.option(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: DAYS, maxLength: DAYS }), { nil: undefined }),
  })
  .map((r) => ({
    availability: r.availability,
    dates: { from: dateOf(r.from), to: dateOf(Math.min(DAYS - 1, r.from + r.len)) },
    settings: r.settings,
    now: r.now,
    bookings: r.bookings,
    calendarBusy: r.calendarBusy,
    ...(r.perDay ? { bookingsPerDay: Object.fromEntries(r.perDay.map((n, d) => [dateOf(d), n])) } : {}),
  }));

// ---- the model
interface Model {
  fromDay: number;
  toDay: number;
  hours: Bitmap;
  blackout: Counted;
  hoursC: Counted;
  blocked: Bitmap;
  blockedC: Counted;
  offered: (t: number) => boolean;
  reasonsAt: (t: number) => Set<ReasonCode>;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
const dayIndex = (date: string) => (Date.parse(`${date}T00:00:00Z`) - BASE) / (DAY * MIN);

function model(q: SlotQuery): Model {
  const a = q.availability;
  const s = q.settings;
  const fromDay = dayIndex(q.dates.from);
  const toDay = dayIndex(q.dates.to);
  const hours = new Bitmap(LO, HI);
  for (let d = -1; d <= DAYS; d++) {
    const date = dateOf(d);
    const weekday = ((d % 7) + 7) % 7 + 1; // day 0 is a Monday
    const ov = (a.overrides ?? []).filter((o) => o.date === date);
    const wins: LocalWindow[] = ov.length
      ? ov.flatMap((o) => o.windows)
      : [
          ...(a.weekly ?? []).filter((r) => r.days.includes(weekday as IsoWeekday)).flatMap((r) => r.windows),
          ...(a.dateRules ?? []).filter((r) => r.from <= date && date <= r.to),
        ];
    for (const w of wins) hours.fill(d * DAY + minutesOf(w.start), d * DAY + minutesOf(w.end), 1);
  }
  for (const x of a.intervals ?? []) hours.fill(toMin(x.start), toMin(x.end), 1);
  const blackout = Bitmap.of(LO, HI, (a.blackouts ?? []).map((x) => ({ start: toMin(x.start), end: toMin(x.end) })));
  const blocked = new Bitmap(LO, HI);
  for (const b of q.bookings ?? []) if (b.end > b.start) blocked.fill(toMin(b.start) - (b.bufferBeforeMinutes ?? 0), toMin(b.end) + (b.bufferAfterMinutes ?? 0), 1);
  for (const c of q.calendarBusy ?? []) blocked.fill(toMin(c.start), toMin(c.end), 1);
  const hoursC = new Counted(hours);
  const blackoutC = new Counted(blackout);
  const blockedC = new Counted(blocked);

  const dur = s.durationMinutes;
  const step = s.stepMinutes ?? dur;
  const before = s.bufferBeforeMinutes ?? 0;
  const after = s.bufferAfterMinutes ?? 0;
  const now = toMin(q.now);
  const earliest = now + (s.minimumNoticeMinutes ?? 0);
  const latest = s.horizonDays === undefined ? Infinity : now + s.horizonDays * DAY;
  const counts = new Map<number, number>();
  for (let d = -1; d <= DAYS; d++) {
    counts.set(
      d,
      q.bookingsPerDay
        ? (q.bookingsPerDay[dateOf(d)] ?? 0)
        : (q.bookings ?? []).filter((b) => b.end > b.start && Math.floor(toMin(b.start) / DAY) === d).length,
    );
  }
  const count = (d: number) => counts.get(d)!;
  // Start of the run of hours (within its day) that contains each minute.
  const starts = new Float64Array(HI - LO).fill(NaN);
  for (let p = LO; p < HI; p++) {
    if (hours.has(p)) starts[p - LO] = p % DAY !== 0 && hours.has(p - 1) ? starts[p - 1 - LO]! : p;
  }
  const runStart = (t: number) => starts[t - LO]!;
  const inOneWindow = (t: number) => Math.floor(t / DAY) === Math.floor((t + dur - 1) / DAY) && hoursC.all(t, t + dur);
  const aligned = (t: number) => (s.alignment === "clock" ? (t - Math.floor(t / DAY) * DAY) % step === 0 : (t - runStart(t)) % step === 0);

  const reasonsAt = (t: number) => {
    const r = new Set<ReasonCode>();
    if (!inOneWindow(t)) r.add("outside_availability");
    if (s.alignment === "clock" ? !aligned(t) : hours.has(t) && !aligned(t)) r.add("misaligned");
    if (!blackoutC.none(t, t + dur)) r.add("blackout");
    for (const b of q.bookings ?? []) {
      if (b.end <= b.start) continue;
      const [bs, be] = [toMin(b.start), toMin(b.end)];
      if (bs < t + dur && t < be) r.add("booked");
      else if (bs - (b.bufferBeforeMinutes ?? 0) < t + dur + after && t - before < be + (b.bufferAfterMinutes ?? 0)) r.add("buffer_conflict");
    }
    for (const c of q.calendarBusy ?? []) {
      if (c.end <= c.start) continue;
      const [cs, ce] = [toMin(c.start), toMin(c.end)];
      if (cs < t + dur && t < ce) r.add("calendar_busy");
      else if (cs < t + dur + after && t - before < ce) r.add("buffer_conflict");
    }
    if (t < now) r.add("in_past");
    else if (t < earliest) r.add("too_soon");
    if (t >= latest) r.add("beyond_horizon");
    if (s.maxPerDay !== undefined && count(Math.floor(t / DAY)) >= s.maxPerDay) r.add("daily_limit");
    return r;
  };
  const offered = (t: number) =>
    t >= fromDay * DAY &&
    t < (toDay + 1) * DAY &&
    t >= earliest &&
    t < latest &&
    inOneWindow(t) &&
    aligned(t) &&
    blackoutC.none(t, t + dur) &&
    blockedC.none(t - before, t + dur + after) &&
    (s.maxPerDay === undefined || count(Math.floor(t / DAY)) < s.maxPerDay);
  return { fromDay, toDay, hours, blackout: blackoutC, hoursC, blocked, blockedC, offered, reasonsAt };
}

const inRange = (m: Model, xs: Bitmap) => {
  const r = new Bitmap(LO, HI);
  for (let p = m.fromDay * DAY; p < (m.toDay + 1) * DAY; p++) if (xs.has(p)) r.bits[p - LO] = 1;
  return r;
};
const asMinutes = (xs: readonly Interval[]) => xs.map((x) => ({ start: toMin(x.start), end: toMin(x.end) }));

describe("free time and slots agree with a minute-grid model", () => {
  it("availability and free time", () => {
    fc.assert(
      fc.property(query, (q) => {
        const m = model(q);
        const avail = availability(q.availability, q.dates);
        const expectedAvail = inRange(m, m.hours).map2(Bitmap.of(LO, HI, asMinutes(q.availability.blackouts ?? [])), (h, b) => h && !b);
        expect(asMinutes(avail)).toEqual(expectedAvail.runs());
        const free = freeTime(avail, q.bookings, q.calendarBusy);
        expect(asMinutes(free)).toEqual(expectedAvail.map2(m.blocked, (a, b) => a && !b).runs());
      }),
      { numRuns: propertyRuns(1500) },
    );
  });

  it("slots", () => {
    fc.assert(
      fc.property(query, (q) => {
        const m = model(q);
        const expected: number[] = [];
        for (let t = m.fromDay * DAY; t < (m.toDay + 1) * DAY; t++) if (m.offered(t)) expected.push(t);
        const got = slotsFor(q);
        expect(got.map((x) => toMin(x.start))).toEqual(expected);
        for (const x of got) expect(x.end - x.start).toBe(q.settings.durationMinutes * MIN);
      }),
      { numRuns: propertyRuns(3000) },
    );
  });

  it("explanations: offered exactly when slot search offers it, with the model's reasons", () => {
    fc.assert(
      fc.property(query, fc.array(fc.integer({ min: 0, max: (DAYS * DAY) / 5 - 1 }), { minLength: 8, maxLength: 8 }), (q, probes) => {
        const m = model(q);
        const offered = new Set(slotsFor(q).map((x) => toMin(x.start)));
        const candidates = [...offered, ...probes.map((p) => p * 5)];
        for (const t of candidates) {
          const e = explainSlot(q, { start: toMs(t) });
          const inDates = t >= m.fromDay * DAY && t < (m.toDay + 1) * DAY;
          if (inDates) expect(e.offered).toBe(offered.has(t));
          expect(new Set(e.reasons.map((r) => r.code))).toEqual(m.reasonsAt(t));
        }
      }),
      { numRuns: propertyRuns(1000) },
    );
  });
});

describe("in zones with offset changes, slot search and explanations agree", () => {
  const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata", "America/Santiago"];
  // Dates around each zone's 2031 changes, so that most cases cross one.
  const around = ["2031-03-08", "2031-03-29", "2031-04-05", "2031-09-06", "2031-09-27", "2031-10-04", "2031-10-25", "2031-11-01"];
  const crossZone = fc
    .record({
      zone: fc.constantFrom(...zones),
      first: fc.constantFrom(...around),
      weekly: fc.array(weeklyRule, { minLength: 1, maxLength: 2 }),
      settings,
      busyMinutes: fc.array(fc.tuple(fc.integer({ min: 0, max: (3 * DAY) / 5 }), fc.integer({ min: 1, max: 24 })), { maxLength: 5 }),
      probes: fc.array(fc.integer({ min: -DAY / 5, max: (4 * DAY) / 5 }), { minLength: 10, maxLength: 10 }),
    })
    .map((r) => {
      const base = Date.parse(`${r.first}T00:00:00Z`);
      const q: SlotQuery = {
        availability: { zone: r.zone, weekly: r.weekly },
        dates: { from: r.first, to: new Date(base + 2 * DAY * MIN).toISOString().slice(0, 10) },
        settings: { ...r.settings, maxPerDay: undefined },
        now: base - DAY * MIN,
        calendarBusy: r.busyMinutes.map(([s, l]) => ({ start: base + s * 5 * MIN, end: base + (s + l) * 5 * MIN })),
      };
      return { q, probes: r.probes.map((p) => base + p * 5 * MIN) };
    });

  it("every offered slot is explained as offered, every probe agrees, and slots lie in free time", () => {
    fc.assert(
      fc.property(crossZone, ({ q, probes }) => {
        const slots = slotsFor(q);
        const starts = new Set(slots.map((x) => x.start));
        const free = freeTime(availability(q.availability, q.dates), [], q.calendarBusy);
        for (const x of slots) {
          expect(explainSlot(q, { start: x.start }).offered).toBe(true);
          expect(free.some((f) => f.start <= x.start && x.end <= f.end)).toBe(true);
        }
        const first = Date.parse(`${q.dates.from}T00:00:00Z`) - 14 * 60 * MIN;
        for (const t of probes) {
          // Only probes whose owner-local date is certainly inside the dates compare with slot search.
          if (t < first + DAY * MIN || t >= first + 3 * DAY * MIN) continue;
          expect(explainSlot(q, { start: t }).offered).toBe(starts.has(t));
        }
      }),
      { numRuns: propertyRuns(400) },
    );
  });
});
