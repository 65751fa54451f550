import { seedGetStatus as contract } from "#lib/api/seed-presence.js";
import { httpHandler } from "#lib/http/handler.js";
import { unauthorized } from "#lib/http/errors.js";
import { presenceOf } from "#lib/presence/presence-service.js";

export const handler = httpHandler(contract, async ({ query, caller, now }) => {
  const userId = query.user_id ?? (caller?.kind === "user" ? caller.userId : undefined);
  if (!userId) throw unauthorized("Pass ?user_id=<id>, or your API key to read your own status");
  const presence = await presenceOf(userId, now);
  return {
    status: 200,
    body: { user_id: presence.userId, status: presence.status, expiration_time: presence.expiresAt, source: presence.source },
    headers: { "cache-control": "no-store" },
  };
});
