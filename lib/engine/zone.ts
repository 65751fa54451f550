/**
 * The engine's clock of an IANA zone: lib/time's cached zone (offsets and the
 * one wall ⇄ UTC implementation) with local days and minutes, and the
 * engine's DST rules:
 *
 * - a wall time that does not exist (spring-forward gap) maps to the first
 *   instant after the gap (02:30 on 2031-03-09 in New York → 03:00 EDT =
 *   07:00Z). Unlike luxon's default and RFC 5545 (shift by the gap: 03:30),
 *   this never reverses two wall times, so a window starting in the gap cannot
 *   end before it starts;
 * - a wall time that exists twice (fall-back overlap) takes its first
 *   occurrence (01:30 on 2031-11-02 in New York → 01:30 EDT = 05:30Z; luxon's
 *   default would give the second);
 * - 24:00 of a date is 00:00 of the next date.
 */
import { IANAZone } from "luxon";
import { IanaZone, type WallTimePolicy, wallToInstant } from "../time/zone.js";
import { DAY_MS, MINUTE_MS } from "./calendar-date.js";
import { EngineInputError } from "./errors.js";

const ENGINE_WALL_TIME: WallTimePolicy = { gap: "next-valid-instant", fold: "earlier" };

export class ZoneClock extends IanaZone {
  constructor(name: string) {
    if (!isValidZone(name)) throw new EngineInputError(`"${name}" is not an IANA time zone`);
    super(name);
  }

  /** Wall-clock reading at `t`, as ms since 1970-01-01T00:00 of that wall clock. */
  wallAt(t: number): number {
    return t + this.offsetAt(t);
  }

  /** Local date (day number) at instant `t`. */
  dayOf(t: number): number {
    return Math.floor(this.wallAt(t) / DAY_MS);
  }

  /** The instant a wall-clock reading denotes, under the gap and overlap rules above. */
  toUtc(wall: number): number {
    return wallToInstant(this, wall, ENGINE_WALL_TIME);
  }

  /** Instant of `minutes` past local midnight on day number `day` (1440 = next midnight). */
  atWallMinutes(day: number, minutes: number): number {
    return this.toUtc(day * DAY_MS + minutes * MINUTE_MS);
  }

  /** Local midnight starting day number `day`. */
  startOfDay(day: number): number {
    return this.toUtc(day * DAY_MS);
  }
}

const clocks = new Map<string, ZoneClock>();

/** The (cached) clock of an IANA zone; throws `EngineInputError` for an unknown zone. */
export function zoneClock(name: string): ZoneClock {
  let c = clocks.get(name);
  if (!c) {
    c = new ZoneClock(name);
    clocks.set(name, c);
  }
  return c;
}

export function isValidZone(name: string): boolean {
  // Intl also accepts bare offsets such as "+02:00"; an IANA name starts with a letter.
  return /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name) && IANAZone.isValidZone(name);
}
