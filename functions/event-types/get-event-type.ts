import { getEventType as contract } from "#lib/api/event-types.js";
import { readEventType } from "#lib/event-types/event-types-service.js";
import { eventTypeView, publicEventTypeView } from "#lib/event-types/views.js";
import { httpHandler } from "#lib/http/handler.js";
import { actsAsOwner } from "#lib/event-types/access.js";

export const handler = httpHandler(contract, async ({ params, caller }) => {
  const entry = await readEventType(params.userId, params.slug);
  return { status: 200, body: actsAsOwner(caller, params.userId) ? eventTypeView(entry) : publicEventTypeView(entry) };
});
