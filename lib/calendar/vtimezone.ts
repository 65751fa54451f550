/**
 * A time zone defined by a feed's own VTIMEZONE: its STANDARD and DAYLIGHT
 * observances, each an onset (DTSTART in the previous offset) repeated by an
 * RRULE and/or RDATEs. Used for TZIDs that are neither IANA nor Windows names
 * (Outlook's "Customized Time Zone", display names, home-made labels).
 */
import { expandRecurrence, parseRecurrenceRule, type ExpansionBudget, type RecurrenceRule } from "./rrule.js";
import type { TimeZone } from "../time/zone.js";
import { DAY_MS, MINUTE_MS, civilFromDays, dayNumber, wallTime } from "./wall-time.js";
import { parseUtcOffset } from "./zone-names.js";

export interface Observance {
  /** Onset as a wall time in the offset in force before it. */
  startWall: number;
  offsetFromMinutes: number;
  offsetToMinutes: number;
  rule?: RecurrenceRule;
  /** RDATE onsets as wall times. */
  extraStartWalls: number[];
}

interface Transition {
  at: number;
  /** Offset (ms) from `at` on. */
  offsetTo: number;
}

const ms = (minutes: number) => Math.round(minutes * MINUTE_MS);

/** Undefined when the VTIMEZONE has no usable observance. */
export function vtimezoneZone(tzid: string, observances: Observance[]): TimeZone | undefined {
  const usable = observances.filter((o) => Number.isFinite(o.offsetFromMinutes) && Number.isFinite(o.offsetToMinutes));
  if (usable.length === 0) return undefined;
  const earliest = usable.reduce((a, b) => (b.startWall - b.offsetFromMinutes * MINUTE_MS < a.startWall - a.offsetFromMinutes * MINUTE_MS ? b : a));
  const byYear = new Map<number, Transition[]>();

  // Transitions with onsets in [year - 1, year + 1], sorted.
  const transitionsAround = (year: number): Transition[] => {
    let cached = byYear.get(year);
    if (cached) return cached;
    const fromWall = wallTime(year - 1, 1, 1);
    const toWall = wallTime(year + 2, 1, 1);
    const list: Transition[] = [];
    for (const o of usable) {
      const onsetOf = (wall: number): Transition => ({ at: wall - o.offsetFromMinutes * MINUTE_MS, offsetTo: ms(o.offsetToMinutes) });
      const walls = [o.startWall, ...o.extraStartWalls].filter((w) => w >= fromWall && w < toWall);
      if (o.rule) {
        const until = o.rule.until ? untilInstant(o.rule.until) : undefined;
        const budget: ExpansionBudget = { remaining: 10_000, exhausted: false };
        walls.push(
          ...expandRecurrence(o.rule, o.startWall, {
            fromWall,
            toWall,
            budget,
            isAfterUntil: until === undefined ? undefined : (wall) => wall - o.offsetFromMinutes * MINUTE_MS > until,
          }),
        );
      }
      for (const wall of walls) list.push(onsetOf(wall));
    }
    list.sort((a, b) => a.at - b.at);
    if (byYear.size > 1_000) byYear.clear();
    cached = list;
    byYear.set(year, cached);
    return cached;
  };

  // Onsets written out (DTSTART, RDATE), for instants before any rule-made onset nearby.
  const writtenOnsets: Transition[] = usable
    .flatMap((o) =>
      [o.startWall, ...o.extraStartWalls].map((wall) => ({ at: wall - o.offsetFromMinutes * MINUTE_MS, offsetTo: ms(o.offsetToMinutes) })),
    )
    .sort((a, b) => a.at - b.at);
  const latestAtOrBefore = (list: Transition[], epochMs: number): Transition | undefined => {
    let found: Transition | undefined;
    for (const t of list) {
      if (t.at <= epochMs) found = t;
      else break;
    }
    return found;
  };

  return {
    name: `VTIMEZONE:${tzid}`,
    offsetAt(epochMs: number): number {
      const year = civilFromDays(dayNumber(epochMs)).year;
      const near = latestAtOrBefore(transitionsAround(year), epochMs);
      if (near) return near.offsetTo;
      // Nothing in the three years around: look further back, a few years at a time.
      let candidate = latestAtOrBefore(writtenOnsets, epochMs);
      for (let y = year - 3; y >= year - 60 && wallTime(y + 2, 1, 1) >= earliest.startWall - DAY_MS; y -= 3) {
        const earlier = latestAtOrBefore(transitionsAround(y), epochMs);
        if (earlier) {
          if (!candidate || earlier.at > candidate.at) candidate = earlier;
          break;
        }
      }
      return candidate ? candidate.offsetTo : ms(earliest.offsetFromMinutes);
    },
  };
}

/** UNTIL inside a VTIMEZONE is UTC ("…Z"); a bare date means the end of that day. */
function untilInstant(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?/.exec(text);
  if (!m) return undefined;
  if (m[4] === undefined) return wallTime(Number(m[1]), Number(m[2]), Number(m[3])) + DAY_MS - 1;
  return wallTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

export function observanceFrom(props: {
  dtstart?: string;
  offsetFrom?: string;
  offsetTo?: string;
  rrule?: string;
  rdates: string[];
}): Observance | undefined {
  const startWall = props.dtstart === undefined ? undefined : parseBasicWall(props.dtstart);
  const offsetFromMinutes = props.offsetFrom === undefined ? undefined : parseUtcOffset(props.offsetFrom);
  const offsetToMinutes = props.offsetTo === undefined ? undefined : parseUtcOffset(props.offsetTo);
  if (startWall === undefined || offsetToMinutes === undefined) return undefined;
  const rule = props.rrule === undefined ? undefined : parseRecurrenceRule(props.rrule);
  return {
    startWall,
    offsetFromMinutes: offsetFromMinutes ?? offsetToMinutes,
    offsetToMinutes,
    rule,
    extraStartWalls: props.rdates.flatMap((r) => r.split(",")).map(parseBasicWall).filter((w): w is number => w !== undefined),
  };
}

function parseBasicWall(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?/.exec(text.trim());
  if (!m) return undefined;
  return wallTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
}
