import { getWebhook as contract } from "#lib/api/webhooks.js";
import { webhookView } from "#lib/webhooks/views.js";
import { readWebhook } from "#lib/webhooks/webhooks-service.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params }) => ({
  status: 200,
  body: webhookView(await readWebhook(params.userId, params.webhookId)),
}));
