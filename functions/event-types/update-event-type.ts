import { updateEventType as contract } from "#lib/api/event-types.js";
import { changeEventType } from "#lib/event-types/event-types-service.js";
import { eventTypeView } from "#lib/event-types/views.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, body, now }) => {
  const eventType = await changeEventType(params.userId, params.slug, body, now);
  return { status: 200, body: eventTypeView({ eventType, isDefault: false }) };
});
