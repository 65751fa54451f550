/**
 * An ICS feed to the busy event instances that intersect a window.
 *
 * Instances are returned unmerged and sorted, so a caller can both find the
 * event running now (and when it ends) and merge them into busy time. Rules
 * honoured: RRULE + RDATE − EXDATE expanded by window; RECURRENCE-ID overrides
 * replace their instance (the original time is freed even when the override
 * moves it elsewhere, cancels it or makes it free); STATUS:CANCELLED; TRANSP
 * and X-MICROSOFT-CDO-BUSYSTATUS (see busy-status.ts); all-day dates and
 * floating times in the owner's zone; TZIDs per zone-resolver.ts.
 */
import { readEvent, type EventRecord } from "./event-record.js";
import { CalendarParseError, firstProperty, parseIcs, type IcsComponent } from "./ics-parse.js";
import { daysBetween, parseIcsTime, type IcsTime, type Span } from "./ics-values.js";
import { expandRecurrence, type ExpansionBudget } from "./rrule.js";
import { UTC_ZONE, instantToWall, isValidIanaZone, wallToInstant, type TimeZone } from "./time-zone.js";
import { observanceFrom, type Observance } from "./vtimezone.js";
import { DAY_MS, dayNumber, millisOfDay } from "./wall-time.js";
import { ZoneResolver } from "./zone-resolver.js";

export { CalendarParseError };

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

export interface IcsStats {
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
  /** The expansion fuse blew (a pathological rule); some instances may be missing. */
  truncated: boolean;
}

export interface BusyIntervalsResult {
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

/** The later of two revisions (RFC 5545 SEQUENCE; on a tie, the one written later). */
function latest(records: EventRecord[]): EventRecord | undefined {
  return records.reduce<EventRecord | undefined>((best, r) => (best === undefined || r.sequence >= best.sequence ? r : best), undefined);
}

interface Occurrence {
  startWall: number;
  start: number;
  /** Set when the occurrence carries its own end (an RDATE PERIOD). */
  end?: number;
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

    // Instances the series no longer produces where it would have: EXDATEs and overridden ones.
    const removedInstants = new Set<number>();
    const removedDays = new Set<number>();
    for (const t of [...master.exdates, ...[...byRecurrenceId.values()].map((o) => o.recurrenceId as IcsTime)]) {
      if (t.kind === "date") removedDays.add(dayNumber(t.wall));
      else if (dateOnly) removedDays.add(dayNumber(instantToWall(zone, this.instantOf(t, zone))));
      else removedInstants.add(this.instantOf(t, zone));
    }
    const isRemoved = (o: Occurrence) =>
      dateOnly ? removedDays.has(dayNumber(o.startWall)) : removedInstants.has(o.start) || removedDays.has(dayNumber(o.startWall));

    if (master.busyness === "free") {
      this.stats.free++;
    } else {
      for (const occurrence of this.occurrences(master, zone, span)) {
        if (isRemoved(occurrence)) continue;
        const end = occurrence.end ?? this.endOf(occurrence, zone, span);
        this.emit(occurrence.start, end, master.summary, dateOnly, out);
      }
    }

    for (const override of byRecurrenceId.values()) this.placeSingle(override, master, zone, out);
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

  /** A non-recurring placement: an override (inheriting the master's length when it has none) or an orphan. */
  private placeSingle(event: EventRecord, master: EventRecord | undefined, floatingZone: TimeZone, out: BusyInterval[]): void {
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
    const span = hasOwnLength || !master ? this.spanOf(event, zone) : this.spanOf(master, this.zoneOf(master.start, floatingZone));
    if (span === undefined) {
      this.stats.unusable++;
      return;
    }
    const startWall = this.wallOf(event.start);
    const start = wallToInstant(zone, startWall);
    this.emit(start, this.endOf({ startWall, start }, zone, span), event.summary ?? master?.summary, event.start.kind === "date", out);
  }

  private emit(start: number, end: number, summary: string | undefined, allDay: boolean, out: BusyInterval[]): void {
    // Zero-length events block nothing; the window is half-open.
    if (end <= start || start >= this.window.to || end <= this.window.from) return;
    out.push(summary === undefined ? { start, end, allDay } : { start, end, summary, allDay });
  }

  /** Occurrences (DTSTART, RRULE, RDATE) that may intersect the window, deduplicated. */
  private occurrences(master: EventRecord, zone: TimeZone, span: Span): Occurrence[] {
    const dateOnly = master.start.kind === "date";
    const startWall = this.wallOf(master.start);
    const longest = span.days * DAY_MS + span.ms + 2 * DAY_MS;
    // Wall times sit within ±14 h of their instants; a day of slack covers it.
    const fromWall = this.window.from - longest - DAY_MS;
    const toWall = this.window.to + DAY_MS;

    const walls = master.rule
      ? expandRecurrence(master.rule, startWall, {
          fromWall,
          toWall,
          dateOnly,
          budget: this.budget,
          maxOccurrences: MAX_INSTANCES_PER_SERIES,
          isAfterUntil: this.untilCheck(master.rule.until, zone),
        })
      : startWall >= fromWall && startWall <= toWall
        ? [startWall]
        : [];
    const result: Occurrence[] = walls.map((wall) => ({ startWall: wall, start: wallToInstant(zone, wall) }));

    for (const rdate of master.rdates) {
      let wall: number;
      if (dateOnly) wall = rdate.start.kind === "date" ? rdate.start.wall : dayNumber(instantToWall(zone, this.instantOf(rdate.start, zone))) * DAY_MS;
      else if (rdate.start.kind === "date") wall = rdate.start.wall + millisOfDay(startWall); // a bare date keeps DTSTART's time
      else wall = instantToWall(zone, this.instantOf(rdate.start, zone));
      const start = wallToInstant(zone, wall);
      let end: number | undefined;
      if (rdate.end) end = this.instantOf(rdate.end, zone);
      else if (rdate.duration) end = this.endOf({ startWall: wall, start }, zone, rdate.duration);
      result.push(end === undefined ? { startWall: wall, start } : { startWall: wall, start, end });
    }

    if (master.rdates.length === 0) return result;
    const seen = new Set<number>();
    return result.filter((o) => (seen.has(o.start) ? false : (seen.add(o.start), true)));
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
        return (wall) => wallToInstant(zone, wall) > value.epochMs;
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
    return wallToInstant(zone, occurrence.startWall + span.days * DAY_MS) + span.ms;
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

  private wallOf(t: IcsTime): number {
    return t.kind === "utc" ? t.epochMs : t.wall;
  }

  private instantOf(t: IcsTime, floatingZone: TimeZone): number {
    return t.kind === "utc" ? t.epochMs : wallToInstant(this.zoneOf(t, floatingZone), t.wall);
  }
}
