import { updateWebhook as contract } from "#lib/api/webhooks.js";
import { webhookView } from "#lib/webhooks/views.js";
import { changeWebhook } from "#lib/webhooks/webhooks-service.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, body, now }) => ({
  status: 200,
  body: webhookView(await changeWebhook(params.userId, params.webhookId, body, now)),
}));
