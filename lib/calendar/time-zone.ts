/**
 * Time zones as offset functions, and the conversions between wall times and
 * instants that follow RFC 5545 §3.3.5 and the project's time rules: a wall
 * time inside a spring-forward gap is read with the offset before the gap
 * (so it moves forward by the gap's length), and a wall time that occurs twice
 * takes its first occurrence.
 */
import { IANAZone } from "luxon";
import { DAY_MS, MINUTE_MS } from "./wall-time.js";

export interface TimeZone {
  /** A stable label for diagnostics (IANA name, "+05:30", "VTIMEZONE:…"). */
  readonly name: string;
  /** Offset from UTC in minutes at an instant (local = UTC + offset). */
  offsetAt(epochMs: number): number;
}

export function wallToInstant(zone: TimeZone, wall: number): number {
  // A day either side brackets any transition near this wall time
  // (offsets stay within ±14 h; real zones never change twice in 48 h).
  const before = zone.offsetAt(wall - DAY_MS);
  const after = zone.offsetAt(wall + DAY_MS);
  const first = wall - before * MINUTE_MS;
  const firstValid = zone.offsetAt(first) === before;
  if (before === after) return firstValid ? first : wall - zone.offsetAt(first) * MINUTE_MS;
  const second = wall - after * MINUTE_MS;
  const secondValid = zone.offsetAt(second) === after;
  if (firstValid && secondValid) return Math.min(first, second); // fold: first occurrence
  if (firstValid) return first;
  if (secondValid) return second;
  return first; // gap: read with the offset before the transition
}

export function instantToWall(zone: TimeZone, epochMs: number): number {
  return epochMs + zone.offsetAt(epochMs) * MINUTE_MS;
}

export function fixedOffsetZone(offsetMinutes: number, name = formatOffset(offsetMinutes)): TimeZone {
  return { name, offsetAt: () => offsetMinutes };
}

export const UTC_ZONE: TimeZone = fixedOffsetZone(0, "UTC");

/** Any letter case: the runtime accepts "europe/paris" as Europe/Paris. */
export function isValidIanaZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

let icuZoneIds: ReadonlySet<string> | undefined;

/**
 * Whether `name` is spelled exactly as the runtime's tz database spells a zone
 * ("Europe/Lisbon", not "Europe/lisbon"). Links that ICU renames (Asia/Kolkata
 * → Asia/Calcutta) are not recognised; callers treat them as inexact.
 */
export function isExactIanaZone(name: string): boolean {
  if (!isValidIanaZone(name)) return false;
  icuZoneIds ??= new Set(Intl.supportedValuesOf("timeZone"));
  return icuZoneIds.has(name) || new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone === name;
}

/**
 * An IANA zone backed by the runtime's tz database (through luxon), with the
 * offsets of each UTC day memoised: an Intl lookup costs microseconds and a
 * feed asks for the same few days thousands of times.
 */
export function ianaZone(name: string): TimeZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`Unknown IANA time zone: ${name}`);
  // Per UTC day: a constant offset, or the single transition inside that day.
  const days = new Map<number, number | { at: number; before: number; after: number }>();
  const exact = (t: number): number => zone.offset(t);

  return {
    name: zone.name,
    offsetAt(epochMs: number): number {
      const day = Math.floor(epochMs / DAY_MS);
      let entry = days.get(day);
      if (entry === undefined) {
        const start = day * DAY_MS;
        const end = start + DAY_MS - 1;
        const before = exact(start);
        const after = exact(end);
        if (before === after) {
          entry = before;
        } else {
          // Binary-search the transition to the millisecond.
          let lo = start; // offset(lo) === before
          let hi = end; // offset(hi) === after
          while (hi - lo > 1) {
            const mid = Math.floor((lo + hi) / 2);
            if (exact(mid) === before) lo = mid;
            else hi = mid;
          }
          entry = { at: hi, before, after };
        }
        if (days.size > 50_000) days.clear();
        days.set(day, entry);
      }
      if (typeof entry === "number") return entry;
      return epochMs < entry.at ? entry.before : entry.after;
    },
  };
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${sign}${hh}:${mm}`;
}

/**
 * Parses a UTC offset as written in TZOFFSETTO ("+0130", "-0500", "+013045")
 * or in a TZID label ("UTC+01:00", "(UTC-03:30) Newfoundland", "GMT-4").
 * Returns minutes, or undefined when the text is not an offset.
 */
export function parseUtcOffset(text: string): number | undefined {
  const match = /^\(?(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?\)?/i.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? "0");
  const seconds = Number(match[4] ?? "0");
  if (hours > 18 || minutes > 59 || seconds > 59) return undefined;
  const total = hours * 60 + minutes + seconds / 60;
  return match[1] === "-" ? -total : total;
}
