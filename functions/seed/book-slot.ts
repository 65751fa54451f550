import { seedBookSlot as contract } from "#lib/api/seed-booking.js";
import { createBooking } from "#lib/booking/booking-service.js";
import { seedLocal } from "#lib/booking/present.js";
import { SEED_SETTINGS } from "#lib/booking/settings.js";
import { parseLocalDateTime } from "#lib/engine/index.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ body, now, deadline }) => {
  const answer = await createBooking({
    ownerId: body.owner,
    // The seed's wall times are read in the owner's zone, known once the booking has read the owner.
    slot: (zone) => ({ start: parseLocalDateTime(body.start_time, zone, "start_time"), end: parseLocalDateTime(body.end_time, zone, "end_time") }),
    invitee: { name: body.invitee },
    via: "seed",
    settings: SEED_SETTINGS,
    now,
    deadline,
    present: (booking, _cancelToken, zone) => ({
      status: 200,
      body: {
        message: "Appointment booked successfully",
        appointment: { start: seedLocal(booking.start, zone), end: seedLocal(booking.end, zone), invitee: body.invitee, owner: body.owner },
      },
    }),
  });
  return { status: answer.status, body: answer.body };
});
