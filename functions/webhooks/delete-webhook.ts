import { deleteWebhook as contract } from "#lib/api/webhooks.js";
import { removeWebhook } from "#lib/webhooks/webhooks-service.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params }) => {
  await removeWebhook(params.userId, params.webhookId);
  return { status: 204 };
});
