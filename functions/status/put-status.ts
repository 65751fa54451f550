import { putStatus as contract } from "#lib/api/presence.js";
import { httpHandler } from "#lib/http/handler.js";
import { DEFAULT_DURATION_MINUTES } from "#lib/presence/presence.js";
import { setManualStatus } from "#lib/presence/presence-service.js";

export const handler = httpHandler(contract, async ({ params, body, now }) => ({
  status: 200,
  body: await setManualStatus(params.userId, body.status, body.durationMinutes ?? DEFAULT_DURATION_MINUTES, now),
}));
