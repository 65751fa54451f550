/**
 * Slot search: candidate starts on the grid of each window (see grid.ts),
 * offered when
 *
 * - `[start, start + duration)` lies inside its window (so a slot never
 *   straddles the owner's local midnight) and outside every blackout;
 * - `[start − bufferBefore, end + bufferAfter)` meets no blocked time
 *   (bookings with their own buffers, calendar busy); the buffers may extend
 *   outside availability;
 * - `now + notice ≤ start < now + horizon`;
 * - the window's date has fewer bookings than `maxPerDay`.
 *
 * Busy time never re-anchors the grid: with 60-minute slots from 09:00, a
 * booking at 10:00–11:00 leaves 09:00 and 11:00, not 11:00 shifted.
 *
 * One pass over windows, open time and blocked time, each with a forward-only
 * cursor; a conflict jumps the candidate past it, so the cost is linear in the
 * input plus the slots offered, not in the number of grid positions.
 */
import { compileAvailability, dayRange, expandWindows } from "./availability.js";
import { blockedTime } from "./free-time.js";
import { gridCursor } from "./grid.js";
import { normalize, subtractNormalized } from "./intervals.js";
import { formatLocalDateTime, formatOffsetDateTime } from "./local-time.js";
import { bookingsPerDay, resolveSettings } from "./settings.js";
import type { RenderedSlot, Slot, SlotQuery } from "./types.js";

/** Slots offered on the owner-local dates of `q.dates`, sorted by start, each once. */
export function slotsFor(q: SlotQuery): Slot[] {
  const c = compileAvailability(q.availability);
  const [fromDay, toDay] = dayRange(q.dates);
  const s = resolveSettings(q.settings, q.now, q.availability.zone);
  const windows = expandWindows(c, fromDay, toDay);
  const open = subtractNormalized(normalize(windows), c.blackouts);
  const blocked = blockedTime(q.bookings, q.calendarBusy);
  const counts = s.maxPerDay === Infinity ? undefined : bookingsPerDay(c.clock, q.bookings, q.bookingsPerDay);
  const next = gridCursor(s.alignment, s.step, s.display);
  const { duration, before, after, earliest, latest } = s;

  const out: Slot[] = [];
  let oi = 0;
  let bi = 0;
  for (const w of windows) {
    if (w.start >= latest) break;
    if (w.end - duration < earliest) continue;
    if (counts && (counts.get(w.day) ?? 0) >= s.maxPerDay) continue;
    let t = next(w, earliest);
    while (t + duration <= w.end && t < latest) {
      const end = t + duration;
      while (oi < open.length && open[oi]!.end <= t) oi++;
      const part = open[oi];
      if (!part) return out;
      if (part.start > t) {
        t = next(w, part.start);
        continue;
      }
      if (end > part.end) {
        t = next(w, part.end);
        continue;
      }
      const from = t - before;
      while (bi < blocked.length && blocked[bi]!.end <= from) bi++;
      const busy = blocked[bi];
      if (busy && busy.start < end + after) {
        t = next(w, busy.end + before);
        continue;
      }
      out.push({ start: t, end });
      t = next(w, t + 1);
    }
  }
  return out;
}

/** Slots as the seed shows them: `YYYY-MM-DDTHH:MM` wall time in `zone`. */
export function renderSlots(slots: readonly Slot[], zone: string): RenderedSlot[] {
  return slots.map((x) => ({ start: formatLocalDateTime(x.start, zone), end: formatLocalDateTime(x.end, zone) }));
}

/** Slots as ISO 8601 with the zone's offset, e.g. `2031-01-06T09:00:00+01:00`. */
export function renderSlotsWithOffset(slots: readonly Slot[], zone: string): RenderedSlot[] {
  return slots.map((x) => ({ start: formatOffsetDateTime(x.start, zone), end: formatOffsetDateTime(x.end, zone) }));
}
