import { createUser as contract } from "#lib/api/users.js";
import { httpHandler } from "#lib/http/handler.js";
import { createUser } from "#lib/users/users-service.js";

export const handler = httpHandler(contract, async ({ body, now }) => {
  const user = await createUser(body, now);
  return { status: 201, body: user, headers: { location: `/v1/users/${user.id}` } };
});
