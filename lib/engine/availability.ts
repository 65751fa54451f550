/**
 * Rule expansion: an owner's availability spec → UTC intervals, one local
 * calendar date at a time in the owner's zone.
 *
 * For each date: an override, when there is one, gives the date's hours;
 * otherwise the weekly rules of that weekday plus the date rules covering the
 * date do. Explicit intervals are added, and blackouts removed last.
 *
 * A *window* is a maximal run of the owner's hours within one local date
 * (overlapping, duplicate and touching rules merge into one window; a run
 * that continues past midnight is cut there). Windows are what `window`
 * alignment steps from; blackouts and busy time do not create new windows, so
 * they never shift the grid.
 */
import {
  DAY_MS,
  MINUTE_MS,
  dayNumber,
  formatDay,
  isoWeekday,
  windowMinutes,
} from "./calendar-date.js";
import { EngineInputError } from "./errors.js";
import { clip, firstEndingAfter, normalize, subtractNormalized, unionNormalized } from "./intervals.js";
import { type ZoneClock, zoneClock } from "./zone.js";
import type { AvailabilitySpec, DateRange, DateRule, Interval, LocalDate } from "./types.js";

/** Minutes since local midnight, `[start, end)`. */
type WallWindow = readonly [number, number];

/** A window of hours on one owner-local date (`day` = day number). */
interface Window extends Interval {
  readonly day: number;
}

/** A spec parsed once: minutes instead of strings, normalised intervals. */
interface CompiledAvailability {
  readonly clock: ZoneClock;
  /** Merged wall windows per ISO weekday (index 1–7). */
  readonly weekly: readonly (readonly WallWindow[])[];
  readonly dateRules: readonly { from: number; to: number; window: WallWindow }[];
  readonly overrides: ReadonlyMap<number, readonly WallWindow[]>;
  readonly intervals: readonly Interval[];
  readonly blackouts: readonly Interval[];
}

export const MAX_RULES = 200;
/** Longest expansion one call may ask for (about ten years of dates). */
const MAX_DAYS = 3700;

function mergeWall(ws: WallWindow[]): WallWindow[] {
  if (ws.length < 2) return ws;
  ws.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of ws) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Parses and checks a spec; throws `EngineInputError` naming the offending field. */
export function compileAvailability(spec: AvailabilitySpec): CompiledAvailability {
  const clock = zoneClock(spec.zone);
  const ruleCount = (spec.weekly?.length ?? 0) + (spec.dateRules?.length ?? 0) + (spec.overrides?.length ?? 0);
  if (ruleCount > MAX_RULES) throw new EngineInputError(`at most ${MAX_RULES} rules and overrides, got ${ruleCount}`);

  const weekly: WallWindow[][] = [[], [], [], [], [], [], [], []];
  spec.weekly?.forEach((rule, i) => {
    const wins = rule.windows.map((w, j) => windowMinutes(w.start, w.end, `weekly[${i}].windows[${j}]`));
    for (const d of rule.days) {
      if (!Number.isInteger(d) || d < 1 || d > 7) throw new EngineInputError(`${d} is not an ISO weekday (1–7)`, `weekly[${i}].days`);
      weekly[d]!.push(...wins);
    }
  });

  const dateRules = (spec.dateRules ?? []).map((r, i) => compileDateRule(r, `dateRules[${i}]`));

  const overrides = new Map<number, WallWindow[]>();
  spec.overrides?.forEach((o, i) => {
    const day = dayNumber(o.date, `overrides[${i}].date`);
    const wins = o.windows.map((w, j) => windowMinutes(w.start, w.end, `overrides[${i}].windows[${j}]`));
    overrides.set(day, [...(overrides.get(day) ?? []), ...wins]);
  });

  return {
    clock,
    weekly: weekly.map(mergeWall),
    dateRules,
    overrides: new Map([...overrides].map(([d, ws]) => [d, mergeWall(ws)])),
    intervals: normalize(spec.intervals ?? []),
    blackouts: normalize(spec.blackouts ?? []),
  };
}

function compileDateRule(r: DateRule, path: string): { from: number; to: number; window: WallWindow } {
  const from = dayNumber(r.from, `${path}.from`);
  const to = dayNumber(r.to, `${path}.to`);
  if (to < from) throw new EngineInputError(`from ${r.from} is after to ${r.to}`, path);
  return { from, to, window: windowMinutes(r.start, r.end, path) };
}

function wallWindowsOf(c: CompiledAvailability, day: number): readonly WallWindow[] {
  const override = c.overrides.get(day);
  if (override) return override;
  const weekly = c.weekly[isoWeekday(day)]!;
  let extra: WallWindow[] | undefined;
  for (const r of c.dateRules) {
    if (r.from <= day && day <= r.to) (extra ??= []).push(r.window);
  }
  return extra ? mergeWall([...weekly, ...extra]) : weekly;
}

/**
 * The owner's windows on local days `fromDay`..`toDay` (day numbers), before
 * blackouts: sorted, disjoint, each inside one local date.
 */
export function expandWindows(c: CompiledAvailability, fromDay: number, toDay: number): Window[] {
  if (toDay - fromDay >= MAX_DAYS) throw new EngineInputError(`at most ${MAX_DAYS} dates per query`, "dates");
  const out: Window[] = [];
  const { clock, intervals } = c;
  let dayEnd = clock.startOfDay(fromDay);
  let xi = firstEndingAfter(intervals, dayEnd);
  for (let day = fromDay; day <= toDay; day++) {
    const dayStart = dayEnd;
    dayEnd = clock.startOfDay(day + 1);
    const steady = dayEnd - dayStart === DAY_MS; // no offset change inside this date

    const fromRules: Interval[] = [];
    for (const [s, e] of wallWindowsOf(c, day)) {
      const start = steady ? dayStart + s * MINUTE_MS : clock.atWallMinutes(day, s);
      const end = steady ? dayStart + e * MINUTE_MS : clock.atWallMinutes(day, e);
      if (end <= start) continue; // wholly inside a spring-forward gap
      const last = fromRules[fromRules.length - 1];
      // Wall windows either side of a gap can meet in UTC: they are one window.
      if (last && start <= last.end) fromRules[fromRules.length - 1] = { start: last.start, end: Math.max(last.end, end) };
      else fromRules.push({ start, end });
    }

    while (xi < intervals.length && intervals[xi]!.end <= dayStart) xi++;
    let explicit: Interval[] | undefined;
    for (let j = xi; j < intervals.length && intervals[j]!.start < dayEnd; j++) {
      const x = intervals[j]!;
      (explicit ??= []).push({ start: Math.max(x.start, dayStart), end: Math.min(x.end, dayEnd) });
    }

    const hours = explicit ? unionNormalized(fromRules, explicit) : fromRules;
    for (const h of hours) out.push({ start: h.start, end: h.end, day });
  }
  return out;
}

/** Owner-local day numbers of an inclusive date range. */
export function dayRange(dates: DateRange): [number, number] {
  const from = dayNumber(dates.from, "dates.from");
  const to = dayNumber(dates.to, "dates.to");
  if (to < from) throw new EngineInputError(`from ${dates.from} is after to ${dates.to}`, "dates");
  return [from, to];
}

/** An availability window with its owner-local date. */
export interface AvailabilityWindow extends Interval {
  readonly date: LocalDate;
}

/** The owner's windows (hours before blackouts) on each local date of `dates`. */
export function expandRules(spec: AvailabilitySpec, dates: DateRange): AvailabilityWindow[] {
  const [from, to] = dayRange(dates);
  return expandWindows(compileAvailability(spec), from, to).map((w) => ({
    start: w.start,
    end: w.end,
    date: formatDay(w.day),
  }));
}

/** When the owner is available on the local dates of `dates`: normalised UTC intervals. */
export function availability(spec: AvailabilitySpec, dates: DateRange): Interval[] {
  const c = compileAvailability(spec);
  const [from, to] = dayRange(dates);
  return subtractNormalized(normalize(expandWindows(c, from, to)), c.blackouts);
}

/** When the owner is available inside a UTC range (whatever local dates it covers). */
export function availabilityBetween(spec: AvailabilitySpec, range: Interval): Interval[] {
  if (range.end <= range.start) return [];
  const c = compileAvailability(spec);
  const from = c.clock.dayOf(range.start);
  const to = c.clock.dayOf(range.end - 1);
  return clip(subtractNormalized(normalize(expandWindows(c, from, to)), c.blackouts), range);
}

/**
 * Pairs of date rules that overlap (share a date and an instant of their daily
 * windows; identical rules overlap, rules that only touch do not), for the
 * seed's "overlaps" check. Indexes refer to `rules`; each pair once, `i < j`.
 */
export function overlappingDateRules(rules: readonly DateRule[]): [number, number][] {
  const compiled = rules
    .map((r, i) => ({ ...compileDateRule(r, `rules[${i}]`), i }))
    .sort((a, b) => a.from - b.from);
  const pairs: [number, number][] = [];
  for (let a = 0; a < compiled.length; a++) {
    const x = compiled[a]!;
    for (let b = a + 1; b < compiled.length && compiled[b]!.from <= x.to; b++) {
      const y = compiled[b]!;
      if (x.window[0] < y.window[1] && y.window[0] < x.window[1]) pairs.push(x.i < y.i ? [x.i, y.i] : [y.i, x.i]);
    }
  }
  return pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}
