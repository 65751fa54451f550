import { getUser as contract } from "#lib/api/users.js";
import { httpHandler } from "#lib/http/handler.js";
import { requireUser, userView } from "#lib/users/users-service.js";

export const handler = httpHandler(contract, async ({ params }) => ({
  status: 200,
  body: userView(await requireUser(params.userId)),
}));
