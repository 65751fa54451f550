import { queryBookings } from "../data/schedules-repo.js";
import { seedLocal } from "./present.js";
import { ownerHeads, ownerZone } from "./snapshot.js";

const FAR_FUTURE = Date.UTC(9999, 0, 1);

/** The seed's list_upcoming: confirmed bookings that start after now, by start, in the owner's wall time. */
export async function seedUpcoming(ownerId: string, now: number) {
  const heads = await ownerHeads(ownerId);
  const zone = ownerZone(heads);
  const bookings = await queryBookings(ownerId, now + 1, FAR_FUTURE);
  return {
    upcoming_appointments: bookings
      .filter((booking) => booking.start > now)
      .map((booking) => ({ invitee: booking.invitee.name, start_time: seedLocal(booking.start, zone), end_time: seedLocal(booking.end, zone) })),
  };
}
