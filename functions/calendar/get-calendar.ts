import { getCalendar as contract } from "#lib/api/calendar.js";
import { calendarView } from "#lib/calendar-sync/calendar-view.js";
import { httpHandler } from "#lib/http/handler.js";
import { requireUser } from "#lib/users/users-service.js";

export const handler = httpHandler(contract, async ({ params, caller }) => {
  // A user reading themselves was just loaded to check their key; the admin needs a read.
  const user = caller?.kind === "user" ? caller.user : await requireUser(params.userId);
  return { status: 200, body: await calendarView(user), headers: { "cache-control": "no-store" } };
});
