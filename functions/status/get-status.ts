import { getStatus as contract } from "#lib/api/presence.js";
import { httpHandler } from "#lib/http/handler.js";
import { presenceOf } from "#lib/presence/presence-service.js";

export const handler = httpHandler(contract, async ({ params, now }) => ({
  status: 200,
  body: await presenceOf(params.userId, now),
  headers: { "cache-control": "no-store" },
}));
