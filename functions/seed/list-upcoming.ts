import { seedListUpcoming as contract } from "#lib/api/seed-booking.js";
import { seedUpcoming } from "#lib/booking/upcoming.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, now }) => ({ status: 200, body: await seedUpcoming(params.userId, now) }));
