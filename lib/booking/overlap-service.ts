import { overlap, overlapSlots, type Interval, type PersonSchedule } from "../engine/index.js";
import { bookingsAround, engineBookings, ownerHeads } from "./snapshot.js";

type Heads = Awaited<ReturnType<typeof ownerHeads>>;

/** One person's schedule as the engine's overlap wants it: availability, bookings, calendar busy time. */
async function personSchedule(userId: string, heads: Heads, range: Interval): Promise<PersonSchedule> {
  if (!heads.schedule) return { availability: [] };
  const bookings = await bookingsAround(userId, range);
  return {
    availability: heads.schedule.availability,
    bookings: engineBookings(bookings),
    calendarBusy: heads.calendar?.intervals ?? [],
  };
}

interface OverlapRequest {
  userIds: string[];
  /** The UTC range searched, or how to choose it from the users' schedules once they are read. */
  range: Interval | ((schedules: Heads["schedule"][]) => Interval);
  now: number;
  minLengthMinutes?: number;
  /** When given, the common time is also cut into slots of this length. */
  slot?: { durationMinutes: number; stepMinutes?: number; alignment?: "window" | "clock"; zone?: string };
}

/** When every one of the users is free (from now on), optionally cut into meeting slots. 404 for an unknown user. */
export async function findOverlap(request: OverlapRequest): Promise<{ common: Interval[]; slots?: Interval[] }> {
  const heads = await Promise.all(request.userIds.map((id) => ownerHeads(id)));
  const range = typeof request.range === "function" ? request.range(heads.map((h) => h.schedule)) : request.range;
  const people = await Promise.all(request.userIds.map((id, i) => personSchedule(id, heads[i]!, range)));
  const options = { range, now: request.now, minLengthMinutes: request.minLengthMinutes };
  const common = overlap(people, options);
  return request.slot ? { common, slots: overlapSlots(people, { ...options, slot: request.slot }) } : { common };
}
