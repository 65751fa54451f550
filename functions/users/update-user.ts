import { updateUser as contract } from "#lib/api/users.js";
import { httpHandler } from "#lib/http/handler.js";
import { updateUser } from "#lib/users/users-service.js";

export const handler = httpHandler(contract, async ({ params, body, now }) => ({
  status: 200,
  body: await updateUser(params.userId, body, now),
}));
