import { rotateApiKey as contract } from "#lib/api/users.js";
import { httpHandler } from "#lib/http/handler.js";
import { rotateApiKey } from "#lib/users/users-service.js";

export const handler = httpHandler(contract, async ({ params, now }) => ({
  status: 200,
  body: await rotateApiKey(params.userId, now),
}));
