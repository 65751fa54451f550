import { createWebhook as contract } from "#lib/api/webhooks.js";
import { webhookView } from "#lib/webhooks/views.js";
import { createWebhook } from "#lib/webhooks/webhooks-service.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, body, now }) => {
  const { webhook, secret } = await createWebhook(params.userId, body, now);
  return {
    status: 201,
    headers: { location: `/v1/users/${params.userId}/webhooks/${webhook.webhookId}` },
    body: { webhook: webhookView(webhook), secret },
  };
});
