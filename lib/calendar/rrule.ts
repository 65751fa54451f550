/**
 * RFC 5545 recurrence rules, expanded in wall-clock time and by window: the
 * expansion jumps straight to the window when the rule has no COUNT, and stops
 * at the window's end, so a daily series begun in 2009 costs the same as one
 * begun yesterday. Turning wall times into instants is the caller's job.
 */
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  SECOND_MS,
  WEEKDAY_CODES,
  civilFromDays,
  dayNumber,
  daysFromCivil,
  daysInMonth,
  daysInYear,
  millisOfDay,
  weekdayOfDay,
} from "./wall-time.js";

type Frequency = "YEARLY" | "MONTHLY" | "WEEKLY" | "DAILY" | "HOURLY" | "MINUTELY" | "SECONDLY";

interface WeekdayNum {
  /** Monday = 0 … Sunday = 6 */
  weekday: number;
  /** 0 = every such weekday; ±n = the nth (from the end when negative). */
  ordinal: number;
}

export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  count?: number;
  /** UNTIL as written; its meaning depends on DTSTART's value type. */
  until?: string;
  bySecond?: number[];
  byMinute?: number[];
  byHour?: number[];
  byDay?: WeekdayNum[];
  byMonthDay?: number[];
  byYearDay?: number[];
  byWeekNo?: number[];
  byMonth?: number[];
  bySetPos?: number[];
  /** Week start, Monday = 0. */
  wkst: number;
}

const FREQUENCIES: readonly Frequency[] = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY"];

/** Parses an RRULE value ("FREQ=WEEKLY;BYDAY=MO"); undefined when it is not a usable rule. */
export function parseRecurrenceRule(text: string): RecurrenceRule | undefined {
  const parts = new Map<string, string>();
  for (const piece of text.trim().replace(/^RRULE:/i, "").split(";")) {
    const eq = piece.indexOf("=");
    if (eq > 0) parts.set(piece.slice(0, eq).trim().toUpperCase(), piece.slice(eq + 1).trim());
  }
  const freq = parts.get("FREQ")?.toUpperCase() as Frequency | undefined;
  if (freq === undefined || !FREQUENCIES.includes(freq)) return undefined;

  const rule: RecurrenceRule = { freq, interval: 1, wkst: 0 };
  try {
    for (const [key, value] of parts) {
      switch (key) {
        case "FREQ":
          break;
        case "INTERVAL":
          rule.interval = integerIn(value, 1, 1_000_000);
          break;
        case "COUNT":
          rule.count = integerIn(value, 1, 10_000_000);
          break;
        case "UNTIL":
          rule.until = value;
          break;
        case "BYSECOND":
          rule.bySecond = integerList(value, 0, 60);
          break;
        case "BYMINUTE":
          rule.byMinute = integerList(value, 0, 59);
          break;
        case "BYHOUR":
          rule.byHour = integerList(value, 0, 23);
          break;
        case "BYDAY":
          rule.byDay = value.split(",").map(parseWeekdayNum);
          break;
        case "BYMONTHDAY":
          rule.byMonthDay = signedList(value, 31);
          break;
        case "BYYEARDAY":
          rule.byYearDay = signedList(value, 366);
          break;
        case "BYWEEKNO":
          rule.byWeekNo = signedList(value, 53);
          break;
        case "BYMONTH":
          rule.byMonth = integerList(value, 1, 12);
          break;
        case "BYSETPOS":
          rule.bySetPos = signedList(value, 366);
          break;
        case "WKST":
          rule.wkst = weekdayIndex(value);
          break;
        default:
          break; // RSCALE, SKIP and X- parts are ignored
      }
    }
  } catch {
    return undefined;
  }
  return rule;
}

function integerIn(text: string, min: number, max: number): number {
  if (!/^[+-]?\d+$/.test(text)) throw new RangeError(text);
  const n = Number(text);
  if (n < min || n > max) throw new RangeError(text);
  return n;
}

function integerList(text: string, min: number, max: number): number[] {
  return [...new Set(text.split(",").map((v) => integerIn(v.trim(), min, max)))].sort((a, b) => a - b);
}

function signedList(text: string, max: number): number[] {
  return text.split(",").map((v) => {
    const n = integerIn(v.trim(), -max, max);
    if (n === 0) throw new RangeError(v);
    return n;
  });
}

function weekdayIndex(code: string): number {
  const index = WEEKDAY_CODES.indexOf(code.trim().toUpperCase() as (typeof WEEKDAY_CODES)[number]);
  if (index < 0) throw new RangeError(code);
  return index;
}

function parseWeekdayNum(text: string): WeekdayNum {
  const match = /^([+-]?\d{1,2})?([A-Za-z]{2})$/.exec(text.trim());
  if (!match) throw new RangeError(text);
  const ordinal = match[1] === undefined ? 0 : Number(match[1]);
  if (Math.abs(ordinal) > 53) throw new RangeError(text);
  return { weekday: weekdayIndex(match[2] ?? ""), ordinal };
}

interface ExpansionWindow {
  /** Emit occurrences whose wall start lies in [fromWall, toWall]. */
  fromWall: number;
  toWall: number;
  /** True when an occurrence lies beyond the rule's UNTIL. */
  isAfterUntil?: (wall: number) => boolean;
  /** For VALUE=DATE series: times of day are ignored. */
  dateOnly?: boolean;
  /** Shared fuse against pathological rules (e.g. FREQ=SECONDLY over a year). */
  budget: ExpansionBudget;
  /** Occurrences emitted at most; beyond it the budget is marked exhausted. */
  maxOccurrences?: number;
}

export interface ExpansionBudget {
  /** Periods that may still be examined; expansion stops at zero. */
  remaining: number;
  exhausted: boolean;
}

/**
 * Occurrence wall times of `rule` anchored at `dtstartWall`, ascending, that
 * fall in the window. DTSTART is always the first occurrence (RFC 5545 §3.8.5.3)
 * and counts towards COUNT, whether or not it matches the rule.
 */
export function expandRecurrence(rule: RecurrenceRule, dtstartWall: number, window: ExpansionWindow): number[] {
  const out: number[] = [];
  const { fromWall, toWall, budget } = window;
  const isAfterUntil = window.isAfterUntil ?? (() => false);
  if (dtstartWall > toWall) return out;
  if (dtstartWall >= fromWall) out.push(dtstartWall);

  const dateOnly = window.dateOnly ?? false;
  const plan = periodPlan(rule, dtstartWall, dateOnly);
  const limit = rule.count;
  const maxOccurrences = window.maxOccurrences ?? Number.POSITIVE_INFINITY;
  // Nothing before the window matters without COUNT, so start at its period; with COUNT
  // too when every period holds exactly one occurrence (periods 0 … k−1 hold k of them).
  const jump = limit === undefined || regularStep(rule, dateOnly) !== undefined;
  let k = jump ? Math.max(0, plan.indexAtOrBefore(fromWall)) : 0;
  let count = Math.max(1, k);

  for (; ; k++) {
    if (budget.remaining <= 0) {
      budget.exhausted = true;
      return out;
    }
    budget.remaining--;
    const periodStart = plan.periodStart(k);
    if (periodStart > toWall) return out;
    for (const wall of plan.occurrences(k)) {
      if (wall <= dtstartWall) continue;
      if (isAfterUntil(wall)) return out;
      count++;
      if (limit !== undefined && count > limit) return out;
      if (wall > toWall) return out;
      if (wall >= fromWall) {
        if (out.length >= maxOccurrences) {
          budget.exhausted = true;
          return out;
        }
        out.push(wall);
      }
    }
  }
}

/**
 * The step between consecutive occurrences when a rule has no BYxxx part and a
 * frequency whose periods all hold exactly one occurrence (SECONDLY to WEEKLY:
 * DTSTART + n × step, in wall time); undefined otherwise (months and years vary,
 * and BYxxx parts filter or multiply).
 */
function regularStep(rule: RecurrenceRule, dateOnly: boolean): number | undefined {
  const { bySecond, byMinute, byHour, byDay, byMonthDay, byYearDay, byWeekNo, byMonth, bySetPos } = rule;
  if ([bySecond, byMinute, byHour, byDay, byMonthDay, byYearDay, byWeekNo, byMonth, bySetPos].some((part) => part !== undefined)) return undefined;
  const unit = { SECONDLY: SECOND_MS, MINUTELY: MINUTE_MS, HOURLY: HOUR_MS, DAILY: DAY_MS, WEEKLY: 7 * DAY_MS }[rule.freq as string];
  if (unit === undefined || (dateOnly && unit < DAY_MS)) return undefined;
  return unit * rule.interval;
}

/** Occurrences DTSTART + n × step for n in [first, last] (none when first > last). */
interface RegularRun {
  step: number;
  first: number;
  last: number;
}

/**
 * The occurrences of a rule with a regular step (see regularStep) whose wall
 * start lies in the window, computed arithmetically (COUNT and UNTIL included)
 * however many there are; undefined for other rules.
 */
export function regularRun(rule: RecurrenceRule, dtstartWall: number, window: Omit<ExpansionWindow, "budget" | "maxOccurrences">): RegularRun | undefined {
  const step = regularStep(rule, window.dateOnly ?? false);
  if (step === undefined) return undefined;
  const first = Math.max(0, Math.ceil((window.fromWall - dtstartWall) / step));
  let last = Math.floor((window.toWall - dtstartWall) / step);
  if (rule.count !== undefined) last = Math.min(last, rule.count - 1);
  const isAfterUntil = window.isAfterUntil;
  if (isAfterUntil && last >= 1 && isAfterUntil(dtstartWall + last * step)) {
    // DTSTART (n = 0) always counts; find the last n not after UNTIL.
    let ok = 0;
    let after = last;
    while (after - ok > 1) {
      const mid = Math.floor((ok + after) / 2);
      if (isAfterUntil(dtstartWall + mid * step)) after = mid;
      else ok = mid;
    }
    last = ok;
  }
  return { step, first, last };
}

interface PeriodPlan {
  /** Index of the period containing `wall` (may be negative). */
  indexAtOrBefore(wall: number): number;
  /** Earliest wall time any occurrence of period k can have. */
  periodStart(k: number): number;
  /** Occurrences of period k, ascending, after BYSETPOS. */
  occurrences(k: number): number[];
}

function periodPlan(rule: RecurrenceRule, dtstartWall: number, dateOnly: boolean): PeriodPlan {
  const startDay = dayNumber(dtstartWall);
  const startDate = civilFromDays(startDay);
  const startMs = millisOfDay(dtstartWall);
  const startHour = Math.floor(startMs / HOUR_MS);
  const startMinute = Math.floor((startMs % HOUR_MS) / MINUTE_MS);
  const startSecond = Math.floor((startMs % MINUTE_MS) / SECOND_MS);
  const interval = rule.interval;
  const matchesDay = dayMatcher(rule, startDay);

  const setPos = (candidates: number[]): number[] => {
    if (rule.bySetPos === undefined) return candidates;
    const picked = new Set<number>();
    for (const pos of rule.bySetPos) {
      const value = pos > 0 ? candidates[pos - 1] : candidates[candidates.length + pos];
      if (value !== undefined) picked.add(value);
    }
    return [...picked].sort((a, b) => a - b);
  };

  if (rule.freq === "HOURLY" || rule.freq === "MINUTELY" || rule.freq === "SECONDLY") {
    const unit = rule.freq === "HOURLY" ? HOUR_MS : rule.freq === "MINUTELY" ? MINUTE_MS : SECOND_MS;
    const step = unit * interval;
    const anchor = dtstartWall - (dtstartWall % unit);
    const minutes = rule.freq === "HOURLY" ? (rule.byMinute ?? [startMinute]) : [0];
    const seconds = rule.freq === "SECONDLY" ? [0] : (rule.bySecond ?? [startSecond]);
    return {
      indexAtOrBefore: (wall) => Math.floor((wall - anchor) / step),
      periodStart: (k) => anchor + k * step,
      occurrences(k) {
        const base = anchor + k * step;
        const candidates: number[] = [];
        if (!matchesDay(dayNumber(base))) return candidates;
        for (const minute of minutes) {
          for (const second of seconds) {
            const wall = base + minute * MINUTE_MS + second * SECOND_MS;
            const ms = millisOfDay(wall);
            if (rule.byHour && !rule.byHour.includes(Math.floor(ms / HOUR_MS))) continue;
            if (rule.freq !== "HOURLY" && rule.byMinute && !rule.byMinute.includes(Math.floor((ms % HOUR_MS) / MINUTE_MS))) continue;
            if (rule.freq === "SECONDLY" && rule.bySecond && !rule.bySecond.includes(Math.floor((ms % MINUTE_MS) / SECOND_MS))) continue;
            candidates.push(wall);
          }
        }
        return setPos(candidates);
      },
    };
  }

  const times = dateOnly
    ? [0]
    : cartesianTimes(rule.byHour ?? [startHour], rule.byMinute ?? [startMinute], rule.bySecond ?? [startSecond]);
  const occurrencesOnDays = (firstDay: number, endDay: number): number[] => {
    const candidates: number[] = [];
    for (let day = firstDay; day < endDay; day++) {
      if (!matchesDay(day)) continue;
      for (const t of times) candidates.push(day * DAY_MS + t);
    }
    return setPos(candidates);
  };

  switch (rule.freq) {
    case "YEARLY": {
      const yearOf = (k: number) => startDate.year + k * interval;
      return {
        indexAtOrBefore: (wall) => Math.floor((civilFromDays(dayNumber(wall)).year - startDate.year) / interval),
        periodStart: (k) => daysFromCivil(yearOf(k), 1, 1) * DAY_MS,
        occurrences: (k) => occurrencesOnDays(daysFromCivil(yearOf(k), 1, 1), daysFromCivil(yearOf(k) + 1, 1, 1)),
      };
    }
    case "MONTHLY": {
      const startMonthIndex = startDate.year * 12 + (startDate.month - 1);
      const firstDayOf = (monthIndex: number) => daysFromCivil(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 1);
      return {
        indexAtOrBefore: (wall) => {
          const date = civilFromDays(dayNumber(wall));
          return Math.floor((date.year * 12 + date.month - 1 - startMonthIndex) / interval);
        },
        periodStart: (k) => firstDayOf(startMonthIndex + k * interval) * DAY_MS,
        occurrences: (k) =>
          occurrencesOnDays(firstDayOf(startMonthIndex + k * interval), firstDayOf(startMonthIndex + k * interval + 1)),
      };
    }
    case "WEEKLY": {
      const weekStart = startDay - ((weekdayOfDay(startDay) - rule.wkst + 7) % 7);
      return {
        indexAtOrBefore: (wall) => Math.floor((dayNumber(wall) - weekStart) / (7 * interval)),
        periodStart: (k) => (weekStart + 7 * k * interval) * DAY_MS,
        occurrences: (k) => occurrencesOnDays(weekStart + 7 * k * interval, weekStart + 7 * k * interval + 7),
      };
    }
    default: {
      // DAILY
      return {
        indexAtOrBefore: (wall) => Math.floor((dayNumber(wall) - startDay) / interval),
        periodStart: (k) => (startDay + k * interval) * DAY_MS,
        occurrences: (k) => occurrencesOnDays(startDay + k * interval, startDay + k * interval + 1),
      };
    }
  }
}

function cartesianTimes(hours: number[], minutes: number[], seconds: number[]): number[] {
  const times: number[] = [];
  for (const h of hours) for (const m of minutes) for (const s of seconds) times.push(h * HOUR_MS + m * MINUTE_MS + Math.min(s, 59) * SECOND_MS);
  return [...new Set(times)].sort((a, b) => a - b);
}

function matchesSigned(values: number[], position: number, length: number): boolean {
  for (const v of values) {
    if (v > 0 ? v === position : length + 1 + v === position) return true;
  }
  return false;
}

/** The day-level BYxxx filters of a rule, with RFC 5545's defaults taken from DTSTART. */
function dayMatcher(rule: RecurrenceRule, startDay: number): (day: number) => boolean {
  const start = civilFromDays(startDay);
  const noDayRules = !rule.byWeekNo && !rule.byYearDay && !rule.byMonthDay && !rule.byDay;
  let byMonth = rule.byMonth;
  let byMonthDay = rule.byMonthDay;
  let byDay = rule.byDay;
  if (noDayRules) {
    if (rule.freq === "YEARLY") {
      byMonthDay = [start.day];
      byMonth ??= [start.month];
    } else if (rule.freq === "MONTHLY") {
      byMonthDay = [start.day];
    } else if (rule.freq === "WEEKLY") {
      byDay = [{ weekday: weekdayOfDay(startDay), ordinal: 0 }];
    }
  }
  // Ordinals in BYDAY count within the month for MONTHLY (and YEARLY with BYMONTH),
  // within the year for YEARLY, and mean nothing for other frequencies.
  const ordinalScope: "month" | "year" | "none" =
    rule.freq === "MONTHLY" || (rule.freq === "YEARLY" && byMonth !== undefined)
      ? "month"
      : rule.freq === "YEARLY" && rule.byWeekNo === undefined
        ? "year"
        : "none";
  const byYearDay = rule.byYearDay;
  const byWeekNo = rule.byWeekNo;

  return (day: number): boolean => {
    const date = civilFromDays(day);
    if (byMonth && !byMonth.includes(date.month)) return false;
    const monthLength = daysInMonth(date.year, date.month);
    if (byMonthDay && !matchesSigned(byMonthDay, date.day, monthLength)) return false;
    if (byYearDay || byWeekNo || (byDay && ordinalScope === "year")) {
      const yearLength = daysInYear(date.year);
      const dayOfYear = day - daysFromCivil(date.year, 1, 1) + 1;
      if (byYearDay && !matchesSigned(byYearDay, dayOfYear, yearLength)) return false;
      if (byWeekNo && !matchesWeekNo(byWeekNo, day, date.year, rule.wkst)) return false;
      if (byDay && ordinalScope === "year" && !matchesByDay(byDay, day, dayOfYear, yearLength)) return false;
    }
    if (byDay && ordinalScope !== "year") {
      if (ordinalScope === "month") {
        if (!matchesByDay(byDay, day, date.day, monthLength)) return false;
      } else {
        const weekday = weekdayOfDay(day);
        if (!byDay.some((d) => d.weekday === weekday)) return false;
      }
    }
    return true;
  };
}

function matchesByDay(byDay: WeekdayNum[], day: number, position: number, length: number): boolean {
  const weekday = weekdayOfDay(day);
  const nth = Math.floor((position - 1) / 7) + 1;
  const nthFromEnd = -(Math.floor((length - position) / 7) + 1);
  return byDay.some((d) => d.weekday === weekday && (d.ordinal === 0 || d.ordinal === nth || d.ordinal === nthFromEnd));
}

/** Week numbers as RFC 5545 defines them: week 1 is the first week (from WKST) with at least four days of the year. */
function matchesWeekNo(byWeekNo: number[], day: number, year: number, wkst: number): boolean {
  const week1Start = firstWeekStart(year, wkst);
  const nextWeek1Start = firstWeekStart(year + 1, wkst);
  // Late-December days may belong to week 1 of the next year, early-January
  // days to the last week of the previous one.
  let weekYear = year;
  let weekStart = week1Start;
  if (day < week1Start) {
    weekYear = year - 1;
    weekStart = firstWeekStart(year - 1, wkst);
  } else if (day >= nextWeek1Start) {
    weekYear = year + 1;
    weekStart = nextWeek1Start;
  }
  const weeksInWeekYear = (firstWeekStart(weekYear + 1, wkst) - firstWeekStart(weekYear, wkst)) / 7;
  const week = Math.floor((day - weekStart) / 7) + 1;
  return byWeekNo.some((n) => (n > 0 ? n === week : weeksInWeekYear + 1 + n === week));
}

function firstWeekStart(year: number, wkst: number): number {
  const jan1 = daysFromCivil(year, 1, 1);
  const offset = (weekdayOfDay(jan1) - wkst + 7) % 7;
  // The week containing Jan 1 is week 1 when at least four of its days fall in the year.
  return offset <= 3 ? jan1 - offset : jan1 - offset + 7;
}
