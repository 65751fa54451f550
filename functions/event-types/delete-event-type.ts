import { deleteEventType as contract } from "#lib/api/event-types.js";
import { removeEventType } from "#lib/event-types/event-types-service.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params }) => {
  await removeEventType(params.userId, params.slug);
  return { status: 204 };
});
