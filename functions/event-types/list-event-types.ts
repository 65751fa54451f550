import { listEventTypes as contract } from "#lib/api/event-types.js";
import { listOwnerEventTypes } from "#lib/event-types/event-types-service.js";
import { eventTypeView, publicEventTypeView } from "#lib/event-types/views.js";
import { httpHandler } from "#lib/http/handler.js";
import { actsAsOwner } from "#lib/event-types/access.js";

export const handler = httpHandler(contract, async ({ params, caller }) => {
  const entries = await listOwnerEventTypes(params.userId);
  const eventTypes = actsAsOwner(caller, params.userId)
    ? entries.map(eventTypeView)
    : entries.filter((entry) => !entry.eventType.hidden).map(publicEventTypeView);
  return { status: 200, body: { userId: params.userId, eventTypes } };
});
