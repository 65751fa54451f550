/**
 * Wall clock ⇄ UTC for one IANA zone, with the project's DST rules:
 *
 * - a wall time that does not exist (spring-forward gap) maps to the first
 *   instant after the gap (02:30 on 2031-03-09 in New York → 03:00 EDT =
 *   07:00Z). Unlike luxon's default (shift by the gap: 03:30), this never
 *   reverses two wall times, so a window starting in the gap cannot end
 *   before it starts;
 * - a wall time that exists twice (fall-back overlap) takes its first
 *   occurrence (01:30 on 2031-11-02 in New York → 01:30 EDT = 05:30Z; luxon's
 *   default would give the second);
 * - 24:00 of a date is 00:00 of the next date.
 *
 * luxon is asked for UTC offsets only, once per day per zone (sampled in
 * 32-day chunks and cached); transitions are then found by binary search, so
 * expanding a year of rules costs a few hundred luxon calls, not thousands.
 * Assumes at most one offset transition per 24 hours, true of the tz database
 * since 1970.
 */
import { IANAZone } from "luxon";
import { DAY_MS, MINUTE_MS } from "./calendar-date.js";
import { EngineInputError } from "./errors.js";

const HOUR_MS = 3_600_000;
const CHUNK_DAYS = 32;
const CHUNK_MS = CHUNK_DAYS * DAY_MS;
const MAX_CHUNKS_PER_ZONE = 4096;

interface Transition {
  /** First instant with the new offset. */
  readonly at: number;
  /** Offset (ms, local − UTC) from `at` on. */
  readonly offset: number;
}

interface Chunk {
  readonly startOffset: number;
  /** Transitions inside the chunk, ascending. */
  readonly transitions: readonly Transition[];
}

export class ZoneClock {
  private readonly zone: IANAZone;
  private readonly chunks = new Map<number, Chunk>();

  constructor(readonly name: string) {
    if (!isValidZone(name)) throw new EngineInputError(`"${name}" is not an IANA time zone`);
    this.zone = IANAZone.create(name);
  }

  /** Offset (local − UTC) in ms at instant `t`. */
  offsetAt(t: number): number {
    const c = this.chunk(Math.floor(t / CHUNK_MS));
    let off = c.startOffset;
    for (const tr of c.transitions) {
      if (tr.at > t) break;
      off = tr.offset;
    }
    return off;
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
    // The answer lies within [wall − 14 h, wall + 12 h]; look a little wider for a transition.
    const a = wall - 15 * HOUR_MS;
    const b = wall + 13 * HOUR_MS;
    const p = this.offsetAt(a);
    const q = this.offsetAt(b);
    if (p === q) return wall - p;
    const at = this.lastTransitionAtOrBefore(b);
    if (wall < at + p) return wall - p; // before the change on the old clock (first occurrence)
    return Math.max(at, wall - q); // in a gap: the first instant after it
  }

  /** Instant of `minutes` past local midnight on day number `day` (1440 = next midnight). */
  atWallMinutes(day: number, minutes: number): number {
    return this.toUtc(day * DAY_MS + minutes * MINUTE_MS);
  }

  /** Local midnight starting day number `day`. */
  startOfDay(day: number): number {
    return this.toUtc(day * DAY_MS);
  }

  /** First offset change strictly after `t` and at or before `limit`, if any. */
  transitionAfter(t: number, limit: number): number | undefined {
    for (let k = Math.floor(t / CHUNK_MS); k * CHUNK_MS <= limit; k++) {
      for (const tr of this.chunk(k).transitions) if (tr.at > t) return tr.at <= limit ? tr.at : undefined;
    }
    return undefined;
  }

  private lastTransitionAtOrBefore(t: number): number {
    const k0 = Math.floor(t / CHUNK_MS);
    for (let k = k0; k >= k0 - 1; k--) {
      const trs = this.chunk(k).transitions;
      for (let i = trs.length - 1; i >= 0; i--) if (trs[i]!.at <= t) return trs[i]!.at;
    }
    throw new Error(`no offset transition found before ${new Date(t).toISOString()} in ${this.name}`);
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
        // Binary search the first ms with the new offset in (prevT, t].
        let lo = prevT;
        let hi = t;
        while (hi - lo > 1) {
          const mid = lo + Math.floor((hi - lo) / 2);
          if (this.luxonOffset(mid) === prevOff) lo = mid;
          else hi = mid;
        }
        // A change exactly at the next chunk's start is listed here too, so that
        // lastTransitionAtOrBefore finds it; offsetAt never reads it from this chunk.
        transitions.push({ at: hi, offset: off });
        prevOff = off;
      }
      prevT = t;
    }
    return { startOffset, transitions };
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
