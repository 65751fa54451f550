import { createEventType as contract } from "#lib/api/event-types.js";
import { createEventType } from "#lib/event-types/event-types-service.js";
import { eventTypeView } from "#lib/event-types/views.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, body, now }) => {
  const { slug, ...definition } = body;
  const eventType = await createEventType(params.userId, slug, definition, now);
  return {
    status: 201,
    headers: { location: `/v1/users/${params.userId}/event-types/${slug}` },
    body: eventTypeView({ eventType, isDefault: false }),
  };
});
