/**
 * An ICS feed to the busy event instances that intersect a window.
 *
 * Instances are returned unmerged and sorted, so a caller can both find the
 * event running now (and when it ends) and merge them into busy time; only a
 * series too dense to list (more than MAX_INSTANCES_PER_SERIES instances in the
 * window, touching or overlapping, e.g. FREQ=SECONDLY) comes back as merged
 * blocks. Rules honoured: RRULE + RDATE − EXDATE expanded by window; RECURRENCE-ID
 * overrides replace their instance (the original time is freed even when the
 * override moves it elsewhere, cancels it or makes it free), and with
 * RANGE=THISANDFUTURE also move, resize, cancel or free every later instance;
 * STATUS:CANCELLED; TRANSP
 * and X-MICROSOFT-CDO-BUSYSTATUS (see busy-status.ts); all-day dates and
 * floating times in the owner's zone; TZIDs per zone-resolver.ts.
 */
import { readEvent, type EventRecord } from "./event-record.js";
import { CalendarParseError, firstProperty, parseIcs, type IcsComponent } from "./ics-parse.js";
import { daysBetween, parseIcsTime, type IcsTime, type Span } from "./ics-values.js";
import { expandRecurrence, regularRun, type ExpansionBudget, type RecurrenceRule } from "./rrule.js";
import { observanceFrom, type Observance } from "./vtimezone.js";
import { DAY_MS, dayNumber, millisOfDay } from "./wall-time.js";
import { isValidIanaZone } from "./zone-names.js";
import { ZoneResolver } from "./zone-resolver.js";
import { UTC_ZONE, instantToWall, wallToInstant, type TimeZone, type WallTimePolicy } from "../time/zone.js";

export { CalendarParseError };

/** RFC 5545 §3.3.5: a time in a spring-forward gap is read with the offset before the gap; one that occurs twice is its first occurrence. */
const RFC_5545: WallTimePolicy = { gap: "shift-by-gap", fold: "earlier" };

export interface BusyInterval {
  /** Epoch milliseconds, inclusive. */
  start: number;
  /** Epoch milliseconds, exclusive. */
  end: number;
  summary?: string;
  /** A VALUE=DATE event, placed from local midnight to local midnight in the owner's zone. */
  allDay: boolean;
}

export interface BusyIntervalOptions {
  /** IANA zone for all-day events and floating times. */
  ownerZone: string;
  /** Window start, epoch ms (inclusive). Events already running at `from` count. */
  from: number;
  /** Window end, epoch ms (exclusive). */
  to: number;
}

interface IcsStats {
  /** VEVENT components in the feed (masters and overrides). */
  events: number;
  /** VEVENTs skipped because they cannot be placed (no DTSTART, end before start). */
  unusable: number;
  /** VEVENTs with STATUS:CANCELLED, and overrides of a cancelled series. */
  cancelled: number;
  /** VEVENTs that are free time (TRANSP:TRANSPARENT, BUSYSTATUS FREE…). */
  free: number;
  /** VEVENTs whose RRULE could not be read; each was kept as its DTSTART occurrence. */
  ignoredRules: number;
  /** TZIDs that matched nothing and were read in the owner's zone. */
  unresolvedTimeZones: string[];
  /**
   * The expansion fuse blew (a pathological rule that could be neither listed
   * nor computed as blocks); some instances may be missing.
   */
  truncated: boolean;
}

interface BusyIntervalsResult {
  intervals: BusyInterval[];
  stats: IcsStats;
}

/** Upper bound on recurrence periods examined per feed: a fuse, far above real feeds (about a second of work). */
const EXPANSION_BUDGET = 2_000_000;
/** Upper bound on instances of one series in one window (an hourly series over a year is 8,760). */
const MAX_INSTANCES_PER_SERIES = 20_000;

/**
 * Busy instances intersecting [from, to), sorted by start then end.
 * Throws CalendarParseError when the text is not an iCalendar feed and
 * RangeError for an invalid owner zone; single bad events are skipped and counted.
 */
export function busyIntervalsFromIcs(text: string, opts: BusyIntervalOptions): BusyIntervalsResult {
  if (!isValidIanaZone(opts.ownerZone)) throw new RangeError(`Unknown owner time zone: ${opts.ownerZone}`);
  const calendars = parseIcs(text);

  const vtimezones = new Map<string, Observance[]>();
  const vevents: IcsComponent[] = [];
  for (const calendar of calendars) collect(calendar, vtimezones, vevents);

  const stats: IcsStats = {
    events: vevents.length,
    unusable: 0,
    cancelled: 0,
    free: 0,
    ignoredRules: 0,
    unresolvedTimeZones: [],
    truncated: false,
  };
  const expander = new FeedExpander(new ZoneResolver(opts.ownerZone, vtimezones), opts, stats);

  const groups = new Map<string | symbol, { masters: EventRecord[]; overrides: EventRecord[] }>();
  for (const component of vevents) {
    const record = readEvent(component);
    if (!record) {
      stats.unusable++;
      continue;
    }
    if (record.ruleIgnored) stats.ignoredRules++;
    const key = record.uid ?? Symbol("no-uid");
    let group = groups.get(key);
    if (!group) {
      group = { masters: [], overrides: [] };
      groups.set(key, group);
    }
    (record.recurrenceId ? group.overrides : group.masters).push(record);
  }

  const intervals: BusyInterval[] = [];
  if (opts.to > opts.from) {
    for (const group of groups.values()) expander.expandGroup(group.masters, group.overrides, intervals);
  }
  intervals.sort((a, b) => a.start - b.start || a.end - b.end);
  stats.unresolvedTimeZones = [...expander.resolver.unresolved].sort();
  stats.truncated = expander.budget.exhausted;
  return { intervals, stats };
}

function collect(component: IcsComponent, vtimezones: Map<string, Observance[]>, vevents: IcsComponent[]): void {
  for (const child of component.components) {
    if (child.type === "VEVENT") {
      vevents.push(child);
    } else if (child.type === "VTIMEZONE") {
      const tzid = firstProperty(child, "TZID")?.value.trim();
      if (tzid === undefined) continue;
      const observances = child.components
        .filter((c) => c.type === "STANDARD" || c.type === "DAYLIGHT")
        .map((c) =>
          observanceFrom({
            dtstart: firstProperty(c, "DTSTART")?.value,
            offsetFrom: firstProperty(c, "TZOFFSETFROM")?.value,
            offsetTo: firstProperty(c, "TZOFFSETTO")?.value,
            rrule: firstProperty(c, "RRULE")?.value,
            rdates: (c.properties.get("RDATE") ?? []).map((p) => p.value),
          }),
        )
        .filter((o): o is Observance => o !== undefined);
      vtimezones.set(tzid, observances);
    } else {
      collect(child, vtimezones, vevents);
    }
  }
}

/** The smallest n in [lo, hi) for which `test` (false, then true) holds; hi when none does. */
function firstIndex(lo: number, hi: number, test: (n: number) => boolean): number {
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The later of two revisions (RFC 5545 SEQUENCE; on a tie, the one written later). */
function latest(records: EventRecord[]): EventRecord | undefined {
  return records.reduce<EventRecord | undefined>((best, r) => (best === undefined || r.sequence >= best.sequence ? r : best), undefined);
}

interface Occurrence {
  startWall: number;
  start: number;
  /** Set when the occurrence carries its own end (an RDATE PERIOD, a merged block of a dense series). */
  end?: number;
}

/** Instances a series no longer produces where it would have: EXDATEs and overridden ones. */
interface Removed {
  instants: ReadonlySet<number>;
  /** Day numbers (wall dates) of date-valued EXDATEs and RECURRENCE-IDs. */
  days: ReadonlySet<number>;
}

/**
 * A RECURRENCE-ID;RANGE=THISANDFUTURE override as it applies to later instances
 * (RFC 5545 §3.8.4.4): each instance at or after `fromWall` moves by `shift`
 * (wall time in the series' zone, so 09:00 → 11:00 stays 11:00 across DST) and
 * takes `span` and the override's status, until a later one takes over.
 */
interface SeriesChange {
  fromWall: number;
  shift: number;
  /** The length in force (undefined: the series' own). */
  span?: Span;
  summary?: string;
  event: EventRecord;
}

class FeedExpander {
  readonly budget: ExpansionBudget = { remaining: EXPANSION_BUDGET, exhausted: false };

  constructor(
    readonly resolver: ZoneResolver,
    private readonly window: BusyIntervalOptions,
    private readonly stats: IcsStats,
  ) {}

  expandGroup(masters: EventRecord[], overrides: EventRecord[], out: BusyInterval[]): void {
    const master = latest(masters);
    if (master === undefined) {
      // Overrides without their series (e.g. one invited instance): each stands alone.
      for (const override of this.latestOverrides(overrides, this.resolver.ownerZone).values()) this.placeSingle(override, undefined, this.resolver.ownerZone, out);
      return;
    }
    if (master.busyness === "cancelled") {
      this.stats.cancelled += 1 + overrides.length;
      return;
    }

    const zone = this.zoneOf(master.start, this.resolver.ownerZone);
    const span = this.spanOf(master, zone);
    if (span === undefined) {
      this.stats.unusable++;
      return;
    }
    const dateOnly = master.start.kind === "date";
    const byRecurrenceId = this.latestOverrides(overrides, zone);
    const changes = this.seriesChanges(master, [...byRecurrenceId.values()], zone);
    const changeAt = (wall: number): SeriesChange | undefined => changes.findLast((c) => c.fromWall <= wall);

    const instants = new Set<number>();
    const days = new Set<number>();
    for (const t of [...master.exdates, ...[...byRecurrenceId.values()].map((o) => o.recurrenceId as IcsTime)]) {
      if (t.kind === "date") days.add(dayNumber(t.wall));
      else if (dateOnly) days.add(dayNumber(instantToWall(zone, this.instantOf(t, zone))));
      else instants.add(this.instantOf(t, zone));
    }
    const removed: Removed = { instants, days };
    const isRemoved = (o: Occurrence) => (dateOnly ? days.has(dayNumber(o.startWall)) : instants.has(o.start) || days.has(dayNumber(o.startWall)));

    if (master.busyness === "free") this.stats.free++;
    if (master.busyness === "busy" || changes.some((c) => c.event.busyness === "busy")) {
      for (const occurrence of this.occurrences(master, zone, span, removed, changes)) {
        if (isRemoved(occurrence)) continue;
        const change = changeAt(occurrence.startWall);
        if (change === undefined) {
          if (master.busyness === "busy") this.emit(occurrence.start, occurrence.end ?? this.endOf(occurrence, zone, span), master.summary, dateOnly, out);
          continue;
        }
        if (change.event.busyness !== "busy") continue;
        const startWall = occurrence.startWall + change.shift;
        const moved = { startWall, start: wallToInstant(zone, startWall, RFC_5545) };
        const end =
          change.span === undefined && occurrence.end !== undefined
            ? occurrence.end + (moved.start - occurrence.start)
            : this.endOf(moved, zone, change.span ?? span);
        this.emit(moved.start, end, change.summary ?? master.summary, dateOnly, out);
      }
    }

    for (const override of byRecurrenceId.values()) {
      const change = changeAt(this.wallIn(override.recurrenceId as IcsTime, zone));
      this.placeSingle(override, { span: change?.span ?? span, summary: change?.summary ?? master.summary, start: master.start }, zone, out);
    }
  }

  /** The THISANDFUTURE overrides of a series, by RECURRENCE-ID, each inheriting what the one before it left unsaid. */
  private seriesChanges(master: EventRecord, overrides: EventRecord[], zone: TimeZone): SeriesChange[] {
    const changes: SeriesChange[] = [];
    const sorted = overrides
      .filter((o) => o.thisAndFuture)
      .map((event) => ({ event, fromWall: this.wallIn(event.recurrenceId as IcsTime, zone) }))
      .sort((a, b) => a.fromWall - b.fromWall);
    for (const { event, fromWall } of sorted) {
      const previous = changes.at(-1);
      const ownSpan = event.end !== undefined || event.duration !== undefined ? this.spanOf(event, this.zoneOf(event.start, zone)) : undefined;
      const summary = event.summary ?? previous?.summary ?? master.summary;
      const change: SeriesChange = { fromWall, shift: this.wallIn(event.start, zone) - fromWall, event };
      const span = ownSpan ?? previous?.span;
      if (span !== undefined) change.span = span;
      if (summary !== undefined) change.summary = summary;
      changes.push(change);
    }
    return changes;
  }

  /** One override per RECURRENCE-ID, the latest revision; cancelled and free ones are counted and dropped later. */
  private latestOverrides(overrides: EventRecord[], zone: TimeZone): Map<string, EventRecord> {
    const byKey = new Map<string, EventRecord[]>();
    for (const o of overrides) {
      const rid = o.recurrenceId as IcsTime;
      const key = rid.kind === "date" ? `d${dayNumber(rid.wall)}` : `t${this.instantOf(rid, zone)}`;
      byKey.set(key, [...(byKey.get(key) ?? []), o]);
    }
    const result = new Map<string, EventRecord>();
    for (const [key, list] of byKey) {
      const chosen = latest(list);
      if (chosen) result.set(key, chosen);
    }
    return result;
  }

  /**
   * A non-recurring placement: an override (inheriting, when it has no length of its
   * own, the length and summary in force for its instance) or an orphan.
   */
  private placeSingle(
    event: EventRecord,
    inherited: { span: Span; summary: string | undefined; start: IcsTime } | undefined,
    floatingZone: TimeZone,
    out: BusyInterval[],
  ): void {
    if (event.busyness === "cancelled") {
      this.stats.cancelled++;
      return;
    }
    if (event.busyness === "free") {
      this.stats.free++;
      return;
    }
    const zone = this.zoneOf(event.start, floatingZone);
    const hasOwnLength = event.end !== undefined || event.duration !== undefined;
    const span = hasOwnLength || !inherited ? this.spanOf(event, zone) : inherited.span;
    if (span === undefined) {
      this.stats.unusable++;
      return;
    }
    const startWall = this.wallOf(event.start);
    const start = wallToInstant(zone, startWall, RFC_5545);
    this.emit(start, this.endOf({ startWall, start }, zone, span), event.summary ?? inherited?.summary, event.start.kind === "date", out);
  }

  private emit(start: number, end: number, summary: string | undefined, allDay: boolean, out: BusyInterval[]): void {
    // Zero-length events block nothing; the window is half-open.
    if (end <= start || start >= this.window.to || end <= this.window.from) return;
    out.push(summary === undefined ? { start, end, allDay } : { start, end, summary, allDay });
  }

  /** Occurrences (DTSTART, RRULE, RDATE) that may intersect the window once moved by `changes`, one per start. */
  private occurrences(master: EventRecord, zone: TimeZone, span: Span, removed: Removed, changes: SeriesChange[]): Occurrence[] {
    const dateOnly = master.start.kind === "date";
    const startWall = this.wallOf(master.start);
    const reach = (s: Span) => s.days * DAY_MS + s.ms + 2 * DAY_MS;
    const longest = Math.max(reach(span), ...changes.map((c) => (c.span ? reach(c.span) : 0)));
    // Wall times sit within ±14 h of their instants; a day of slack covers it.
    const fromWall = this.window.from - longest - DAY_MS - Math.max(0, ...changes.map((c) => c.shift));
    const toWall = this.window.to + DAY_MS - Math.min(0, ...changes.map((c) => c.shift));

    let result: Occurrence[];
    if (master.rule) {
      const isAfterUntil = this.untilCheck(master.rule.until, zone);
      const blocks = changes.length === 0 ? this.denseBlocks(master.rule, startWall, zone, span, removed, { fromWall, toWall, dateOnly, isAfterUntil }) : undefined;
      const walls =
        blocks !== undefined
          ? []
          : expandRecurrence(master.rule, startWall, {
              fromWall,
              toWall,
              dateOnly,
              budget: this.budget,
              maxOccurrences: MAX_INSTANCES_PER_SERIES,
              isAfterUntil,
            });
      result = blocks ?? walls.map((wall) => ({ startWall: wall, start: wallToInstant(zone, wall, RFC_5545) }));
    } else {
      result = startWall >= fromWall && startWall <= toWall ? [{ startWall, start: wallToInstant(zone, startWall, RFC_5545) }] : [];
    }

    for (const rdate of master.rdates) {
      let wall: number;
      if (dateOnly) wall = rdate.start.kind === "date" ? rdate.start.wall : dayNumber(instantToWall(zone, this.instantOf(rdate.start, zone))) * DAY_MS;
      else if (rdate.start.kind === "date") wall = rdate.start.wall + millisOfDay(startWall); // a bare date keeps DTSTART's time
      else wall = instantToWall(zone, this.instantOf(rdate.start, zone));
      const start = wallToInstant(zone, wall, RFC_5545);
      let end: number | undefined;
      if (rdate.end) end = this.instantOf(rdate.end, zone);
      else if (rdate.duration) end = this.endOf({ startWall: wall, start }, zone, rdate.duration);
      result.push(end === undefined ? { startWall: wall, start } : { startWall: wall, start, end });
    }

    // One instance per start (RFC 5545 §3.8.5.3): RDATEs repeating the rule, and wall
    // times of a spring-forward gap that land on the hour after it (HOURLY in New York).
    const seen = new Set<number>();
    return result.filter((o) => (seen.has(o.start) ? false : (seen.add(o.start), true)));
  }

  /**
   * A series too dense to list (more than MAX_INSTANCES_PER_SERIES instances in
   * the window, e.g. FREQ=SECONDLY) whose instances follow a plain step and
   * touch or overlap is busy without a break between removed instances: it is
   * returned as those blocks, computed arithmetically. Undefined otherwise
   * (listed, up to the fuse).
   */
  private denseBlocks(
    rule: RecurrenceRule,
    startWall: number,
    zone: TimeZone,
    span: Span,
    removed: Removed,
    window: { fromWall: number; toWall: number; dateOnly: boolean; isAfterUntil: ((wall: number) => boolean) | undefined },
  ): Occurrence[] | undefined {
    const { isAfterUntil, ...rest } = window;
    const run = regularRun(rule, startWall, isAfterUntil ? { ...rest, isAfterUntil } : rest);
    if (run === undefined || span.days !== 0 || span.ms < run.step || run.last - run.first < MAX_INSTANCES_PER_SERIES) return undefined;
    const { step } = run;
    const startOf = (n: number) => wallToInstant(zone, startWall + n * step, RFC_5545);
    // Only the instances that intersect the window, as for a listed series.
    const first = firstIndex(run.first, run.last + 1, (n) => startOf(n) + span.ms > this.window.from);
    const last = firstIndex(first, run.last + 1, (n) => startOf(n) >= this.window.to) - 1;

    const cuts: [number, number][] = [];
    for (const instant of removed.instants) {
      const wall = instantToWall(zone, instant);
      const n = (wall - startWall) / step;
      if (Number.isInteger(n) && n >= first && n <= last && wallToInstant(zone, wall, RFC_5545) === instant) cuts.push([n, n]);
    }
    for (const day of removed.days) {
      const a = Math.max(first, Math.ceil((day * DAY_MS - startWall) / step));
      const b = Math.min(last, Math.floor(((day + 1) * DAY_MS - 1 - startWall) / step));
      if (a <= b) cuts.push([a, b]);
    }
    cuts.sort((x, y) => x[0] - y[0]);

    const blocks: Occurrence[] = [];
    const block = (a: number, b: number) => {
      const wall = startWall + a * step;
      blocks.push({ startWall: wall, start: wallToInstant(zone, wall, RFC_5545), end: startOf(b) + span.ms });
    };
    let next = first;
    for (const [a, b] of cuts) {
      if (a > next) block(next, a - 1);
      next = Math.max(next, b + 1);
    }
    if (next <= last) block(next, last);
    return blocks;
  }

  private untilCheck(until: string | undefined, zone: TimeZone): ((wall: number) => boolean) | undefined {
    if (until === undefined) return undefined;
    const value = parseIcsTime(until, {});
    if (!value) return undefined;
    switch (value.kind) {
      case "date": {
        const lastDay = dayNumber(value.wall);
        return (wall) => dayNumber(wall) > lastDay;
      }
      case "utc":
        return (wall) => wallToInstant(zone, wall, RFC_5545) > value.epochMs;
      default:
        return (wall) => wall > value.wall;
    }
  }

  /**
   * The length every instance shares: DTEND − DTSTART (whole days for dates,
   * exact time otherwise), DURATION, one day for a bare date, zero for a bare
   * date-time. Undefined when the end precedes the start.
   */
  private spanOf(event: EventRecord, zone: TimeZone): Span | undefined {
    if (event.end) {
      if (event.start.kind === "date" && event.end.kind === "date") {
        const days = daysBetween(event.start.wall, event.end.wall);
        if (days < 0) return undefined;
        return { days: Math.max(days, 1), ms: 0 }; // DTEND = DTSTART on a date: one day, as if absent
      }
      const ms = this.instantOf(event.end, zone) - this.instantOf(event.start, zone);
      return ms < 0 ? undefined : { days: 0, ms };
    }
    if (event.duration) return event.duration;
    return event.start.kind === "date" ? { days: 1, ms: 0 } : { days: 0, ms: 0 };
  }

  private endOf(occurrence: { startWall: number; start: number }, zone: TimeZone, span: Span): number {
    if (span.days === 0) return occurrence.start + span.ms;
    return wallToInstant(zone, occurrence.startWall + span.days * DAY_MS, RFC_5545) + span.ms;
  }

  /** The zone a value's wall time is read in; floating values use `floatingZone`. */
  private zoneOf(t: IcsTime, floatingZone: TimeZone): TimeZone {
    switch (t.kind) {
      case "date":
        return this.resolver.ownerZone;
      case "utc":
        return UTC_ZONE;
      case "zoned":
        return this.resolver.resolve(t.tzid);
      default:
        return floatingZone;
    }
  }

  /** The wall time of a value in `zone` (a date stays its date). */
  private wallIn(t: IcsTime, zone: TimeZone): number {
    return t.kind === "date" ? t.wall : instantToWall(zone, this.instantOf(t, zone));
  }

  private wallOf(t: IcsTime): number {
    return t.kind === "utc" ? t.epochMs : t.wall;
  }

  private instantOf(t: IcsTime, floatingZone: TimeZone): number {
    return t.kind === "utc" ? t.epochMs : wallToInstant(this.zoneOf(t, floatingZone), t.wall, RFC_5545);
  }
}
