/**
 * Where candidate slot starts may fall.
 *
 * - `window` alignment: `window.start + k × step` (elapsed time), the seed's
 *   "stepping from each rule's start time".
 * - `clock` alignment: instants whose wall-clock reading in the display zone is
 *   a multiple of the step after that date's local midnight (:00/:15/:30/:45
 *   for a 15-minute step). Across a DST change the grid follows the wall clock:
 *   after New York falls back, 01:00, 01:15 … occur twice and both are on it.
 */
import { DAY_MS } from "./calendar-date.js";
import type { ZoneClock } from "./zone.js";
import type { Alignment, Interval } from "./types.js";

/** Smallest instant `≥ t` on the clock grid of `clock` with step `step` ms. */
function nextClockAligned(clock: ZoneClock, t: number, step: number): number {
  for (let guard = 0; guard < 8; guard++) {
    const off = clock.offsetAt(t);
    const wall = t + off;
    const midnight = Math.floor(wall / DAY_MS) * DAY_MS;
    let alignedWall = midnight + Math.ceil((wall - midnight) / step) * step;
    if (alignedWall > midnight + DAY_MS) alignedWall = midnight + DAY_MS; // next midnight is on the grid
    const candidate = alignedWall - off;
    const change = clock.transitionAfter(t, candidate);
    if (change === undefined) return candidate;
    t = change; // the offset changes first: restart from the change on the new wall clock
  }
  throw new Error(`clock grid did not settle near ${new Date(t).toISOString()} in ${clock.name}`);
}

/** Whether `t` is on the clock grid. */
export function isClockAligned(clock: ZoneClock, t: number, step: number): boolean {
  const wall = clock.wallAt(t);
  const sinceMidnight = wall - Math.floor(wall / DAY_MS) * DAY_MS;
  return sinceMidnight % step === 0;
}

/** Produces, for one window, the first grid instant at or after a given instant. */
type GridCursor = (window: Interval, atLeast: number) => number;

export function gridCursor(alignment: Alignment, step: number, clock: ZoneClock): GridCursor {
  if (alignment === "clock") {
    return (w, atLeast) => nextClockAligned(clock, atLeast > w.start ? atLeast : w.start, step);
  }
  return (w, atLeast) => (atLeast <= w.start ? w.start : w.start + Math.ceil((atLeast - w.start) / step) * step);
}
