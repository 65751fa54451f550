import { seedSetStatus as contract } from "#lib/api/seed-presence.js";
import { callingUser } from "#lib/http/auth.js";
import { httpHandler } from "#lib/http/handler.js";
import { DEFAULT_DURATION_MINUTES } from "#lib/presence/presence.js";
import { setManualStatus } from "#lib/presence/presence-service.js";

export const handler = httpHandler(contract, async ({ body, caller, now }) => {
  const set = await setManualStatus(callingUser(caller), body.status, body.duration ?? DEFAULT_DURATION_MINUTES, now);
  return { status: 200, body: { message: "Status Updated", status: set.status, expiration_time: set.expiresAt } };
});
