/**
 * Time zones as offset functions, and wall clock ⇄ instant for any of them,
 * under an explicit policy for the two places where a wall time is not one
 * instant. The one implementation for the availability engine and the
 * iCalendar reader, which deliberately choose different gap policies.
 *
 * A wall time is the epoch ms it would have if its local date and time were
 * read as UTC (`Date.UTC(y, m - 1, d, hh, mm)`); offsets are ms, local − UTC.
 * Assumes at most one offset change in any 48 hours: true of every zone in the
 * tz database from 1970 to 2045 (none has two changes within 72 hours).
 */
import { IANAZone } from "luxon";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface TimeZone {
  /** A stable label for diagnostics ("Europe/Paris", "+05:30", "VTIMEZONE:…"). */
  readonly name: string;
  /** Offset (ms, local − UTC) in force at instant `t`. */
  offsetAt(t: number): number;
  /** First offset change strictly after `t` and at or before `limit`; a zone without it is searched. */
  transitionAfter?(t: number, limit: number): number | undefined;
}

/**
 * A wall time that does not exist (spring-forward gap; New York 2031-03-09 02:30):
 * - `next-valid-instant`: the first instant after the gap (03:00 EDT = 07:00Z).
 *   Keeps wall-time order, so a window starting in the gap never ends before it starts.
 * - `shift-by-gap`: read with the offset before the gap, i.e. moved forward by the
 *   gap's length (03:30 EDT = 07:30Z), as RFC 5545 §3.3.5 prescribes.
 */
type GapPolicy = "next-valid-instant" | "shift-by-gap";

/** A wall time that occurs twice (fall-back fold): `earlier`, its first occurrence (New York 2031-11-02 01:30 → 01:30 EDT = 05:30Z). */
type FoldPolicy = "earlier";

export interface WallTimePolicy {
  readonly gap: GapPolicy;
  readonly fold: FoldPolicy;
}

/** The instant a wall time denotes in `zone`, under `policy` at a gap or fold. */
export function wallToInstant(zone: TimeZone, wall: number, policy: WallTimePolicy): number {
  // Offsets stay within ±24 h, so a day either side brackets any change near this wall time.
  const before = zone.offsetAt(wall - DAY_MS);
  const after = zone.offsetAt(wall + DAY_MS);
  return before === after ? wall - before : nearChange(zone, wall, before, after, policy);
}

/** `wallToInstant` with a change in (wall − 1 day, wall + 1 day]; kept apart so that the common case stays small enough to inline. */
function nearChange(zone: TimeZone, wall: number, before: number, after: number, policy: WallTimePolicy): number {
  const early = wall - before;
  const late = wall - after;
  const earlyValid = zone.offsetAt(early) === before;
  const lateValid = zone.offsetAt(late) === after;
  if (earlyValid && lateValid) return Math.min(early, late); // fold: the earlier occurrence
  if (earlyValid) return early;
  if (lateValid) return late;
  // Gap: the change lies in (late, early].
  if (policy.gap === "shift-by-gap") return early;
  return zone.transitionAfter?.(late, early) ?? searchChange(zone, late, early);
}

/** The wall-clock reading in `zone` at instant `t`. */
export function instantToWall(zone: TimeZone, t: number): number {
  return t + zone.offsetAt(t);
}

/** First ms in (lo, hi] whose offset differs from lo's, for zones that do not list their changes. */
function searchChange(zone: TimeZone, lo: number, hi: number): number {
  const from = zone.offsetAt(lo);
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (zone.offsetAt(mid) === from) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function fixedOffsetZone(offsetMs: number, name = formatOffset(offsetMs)): TimeZone {
  return { name, offsetAt: () => offsetMs };
}

export const UTC_ZONE: TimeZone = fixedOffsetZone(0, "UTC");

function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? "-" : "+";
  const minutes = Math.round(Math.abs(offsetMs) / MINUTE_MS);
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const CHUNK_DAYS = 32;
const CHUNK_MS = CHUNK_DAYS * DAY_MS;
const MAX_CHUNKS_PER_ZONE = 4096;

interface Transition {
  /** First instant with the new offset. */
  readonly at: number;
  /** Offset from `at` on. */
  readonly offset: number;
}

interface Chunk {
  readonly startOffset: number;
  /** Changes inside the chunk, ascending. */
  readonly transitions: readonly Transition[];
}

/**
 * An IANA zone from the runtime's tz database. luxon is asked for offsets only,
 * once per day (sampled in 32-day chunks, cached); each change is then found to
 * the ms by binary search, so a year of lookups costs a few hundred Intl calls.
 * Each instance keeps its own cache: `ianaZone` shares one per name, and the
 * engine's clock extends the class (no indirection on its hot path).
 */
export class IanaZone implements TimeZone {
  private readonly chunks = new Map<number, Chunk>();

  private readonly zone: IANAZone;

  /** Throws `RangeError` for a name the runtime does not know. */
  constructor(readonly name: string) {
    this.zone = IANAZone.create(name);
    if (!this.zone.isValid) throw new RangeError(`Unknown IANA time zone: ${name}`);
  }

  offsetAt(t: number): number {
    const c = this.chunk(Math.floor(t / CHUNK_MS));
    let off = c.startOffset;
    for (const tr of c.transitions) {
      if (tr.at > t) break;
      off = tr.offset;
    }
    return off;
  }

  transitionAfter(t: number, limit: number): number | undefined {
    for (let k = Math.floor(t / CHUNK_MS); k * CHUNK_MS <= limit; k++) {
      for (const tr of this.chunk(k).transitions) if (tr.at > t) return tr.at <= limit ? tr.at : undefined;
    }
    return undefined;
  }

  private chunk(k: number): Chunk {
    let c = this.chunks.get(k);
    if (!c) {
      if (this.chunks.size >= MAX_CHUNKS_PER_ZONE) this.chunks.clear();
      c = this.sampleChunk(k);
      this.chunks.set(k, c);
    }
    return c;
  }

  private luxonOffset(t: number): number {
    return Math.round(this.zone.offset(t) * MINUTE_MS);
  }

  private sampleChunk(k: number): Chunk {
    const c0 = k * CHUNK_MS;
    const startOffset = this.luxonOffset(c0);
    const transitions: Transition[] = [];
    let prevT = c0;
    let prevOff = startOffset;
    for (let i = 1; i <= CHUNK_DAYS; i++) {
      const t = c0 + i * DAY_MS;
      const off = this.luxonOffset(t);
      if (off !== prevOff) {
        let lo = prevT;
        let hi = t;
        while (hi - lo > 1) {
          const mid = lo + Math.floor((hi - lo) / 2);
          if (this.luxonOffset(mid) === prevOff) lo = mid;
          else hi = mid;
        }
        // A change exactly at the next chunk's start is listed here too, so that
        // transitionAfter finds it from this chunk; offsetAt never reads it here.
        transitions.push({ at: hi, offset: off });
        prevOff = off;
      }
      prevT = t;
    }
    return { startOffset, transitions };
  }
}

const ianaZones = new Map<string, IanaZone>();

/**
 * The shared zone of an IANA name, any letter case the runtime accepts; its
 * offsets are cached for the life of the process. Throws `RangeError` for a
 * name the runtime does not know.
 */
export function ianaZone(name: string): IanaZone {
  let z = ianaZones.get(name);
  if (!z) {
    z = new IanaZone(name);
    if (ianaZones.size >= 1_000) ianaZones.clear();
    ianaZones.set(name, z);
  }
  return z;
}
