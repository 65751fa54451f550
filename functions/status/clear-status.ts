import { clearStatus as contract } from "#lib/api/presence.js";
import { httpHandler } from "#lib/http/handler.js";
import { clearManualStatus } from "#lib/presence/presence-service.js";

export const handler = httpHandler(contract, async ({ params, now }) => ({
  status: 200,
  body: await clearManualStatus(params.userId, now),
}));
