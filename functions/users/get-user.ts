import { getUser as contract } from "#lib/api/users.js";
import { httpHandler } from "#lib/http/handler.js";
import { requireUser, userView } from "#lib/users/users-service.js";

export const handler = httpHandler(contract, async ({ params, caller }) => {
  // A user reading themselves was just loaded to check their key; the admin needs a read.
  const user = caller?.kind === "user" ? caller.user : await requireUser(params.userId);
  return { status: 200, body: userView(user) };
});
