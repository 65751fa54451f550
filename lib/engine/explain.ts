/**
 * Why a requested slot is or is not offered: every reason that applies, each
 * with the interval it collides with. A slot is offered exactly when there is
 * no reason, which agrees with `slotsFor` on the dates it was asked for.
 */
import { compileAvailability, expandWindows } from "./availability.js";
import { MINUTE_MS } from "./calendar-date.js";
import { bookingFootprint } from "./free-time.js";
import { isClockAligned } from "./grid.js";
import { normalize, overlapping, subtractNormalized } from "./intervals.js";
import { formatOffsetDateTime } from "./local-time.js";
import { bookingsPerDay, resolveSettings } from "./settings.js";
import type { EpochMs, Explanation, Interval, Reason, SlotQuery } from "./types.js";

export interface SlotRequest {
  readonly start: EpochMs;
  /** Defaults to `start` + the settings' duration. */
  readonly end?: EpochMs;
}

const meets = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end && a.start < a.end && b.start < b.end;

/** Explains a slot against the same inputs slot search uses (`dates` is not needed). */
export function explainSlot(q: Omit<SlotQuery, "dates">, request: SlotRequest): Explanation {
  const c = compileAvailability(q.availability);
  const s = resolveSettings(q.settings, q.now, q.availability.zone);
  const zone = q.availability.zone;
  const at = (t: number) => formatOffsetDateTime(t, zone);
  const reasons: Reason[] = [];

  const start = request.start;
  const requestedEnd = request.end ?? start + s.duration;
  if (requestedEnd - start !== s.duration) {
    reasons.push({
      code: "wrong_duration",
      message: `slots last ${s.duration / MINUTE_MS} minutes, this one ${(requestedEnd - start) / MINUTE_MS}`,
    });
  }
  const slot: Interval = { start, end: requestedEnd > start ? requestedEnd : start + s.duration };

  // Hours: the one window the slot must fit in, and what the rules leave uncovered.
  const windows = expandWindows(c, c.clock.dayOf(slot.start) - 1, c.clock.dayOf(slot.end) + 1);
  const window = windows.find((w) => w.start <= slot.start && slot.start < w.end);
  if (!window || slot.end > window.end) {
    const uncovered = subtractNormalized([slot], normalize(windows));
    if (uncovered.length === 0 && window) {
      reasons.push({
        code: "outside_availability",
        message: `crosses the end of its window at ${at(window.end)} (the owner's local midnight); a slot stays within one day's window`,
        interval: { start: window.end, end: slot.end },
      });
    }
    for (const gap of uncovered) {
      reasons.push({ code: "outside_availability", message: `outside the owner's hours from ${at(gap.start)} to ${at(gap.end)}`, interval: gap });
    }
  }

  if (s.alignment === "clock") {
    if (!isClockAligned(s.display, slot.start, s.step)) {
      reasons.push({ code: "misaligned", message: `slots start every ${s.step / MINUTE_MS} minutes on the clock of ${s.display.name}` });
    }
  } else if (window && (slot.start - window.start) % s.step !== 0) {
    reasons.push({
      code: "misaligned",
      message: `slots start every ${s.step / MINUTE_MS} minutes from ${at(window.start)}`,
      interval: window,
    });
  }

  for (const b of overlapping(c.blackouts, slot)) {
    reasons.push({ code: "blackout", message: `blacked out from ${at(b.start)} to ${at(b.end)}`, interval: b });
  }

  const buffered: Interval = { start: slot.start - s.before, end: slot.end + s.after };
  for (const b of q.bookings ?? []) {
    const booking: Interval = { start: b.start, end: b.end };
    const footprint = bookingFootprint(b);
    if (meets(slot, booking)) {
      reasons.push({ code: "booked", message: `booked from ${at(b.start)} to ${at(b.end)}`, interval: booking });
    } else if (meets(buffered, footprint)) {
      reasons.push({
        code: "buffer_conflict",
        message: `the buffers around this slot and the booking from ${at(b.start)} to ${at(b.end)} overlap`,
        interval: footprint,
      });
    }
  }
  for (const x of q.calendarBusy ?? []) {
    const busy: Interval = { start: x.start, end: x.end };
    if (meets(slot, busy)) {
      reasons.push({ code: "calendar_busy", message: `calendar busy from ${at(x.start)} to ${at(x.end)}`, interval: busy });
    } else if (meets(buffered, busy)) {
      reasons.push({
        code: "buffer_conflict",
        message: `the buffers around this slot overlap the calendar event from ${at(x.start)} to ${at(x.end)}`,
        interval: busy,
      });
    }
  }

  if (slot.start < s.now) {
    reasons.push({ code: "in_past", message: `starts before now (${at(s.now)})` });
  } else if (slot.start < s.earliest) {
    reasons.push({ code: "too_soon", message: `starts before the minimum notice allows (${at(s.earliest)})`, interval: { start: s.now, end: s.earliest } });
  }
  if (slot.start >= s.latest) {
    reasons.push({ code: "beyond_horizon", message: `starts after the booking horizon (${at(s.latest)})` });
  }

  if (s.maxPerDay !== Infinity) {
    const day = c.clock.dayOf(slot.start);
    const count = bookingsPerDay(c.clock, q.bookings, q.bookingsPerDay).get(day) ?? 0;
    if (count >= s.maxPerDay) {
      reasons.push({ code: "daily_limit", message: `${count} bookings already on that date, the limit is ${s.maxPerDay}` });
    }
  }

  return { offered: reasons.length === 0, slot, reasons };
}
