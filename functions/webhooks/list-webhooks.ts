import { listWebhooks as contract } from "#lib/api/webhooks.js";
import { webhookView } from "#lib/webhooks/views.js";
import { readWebhooks } from "#lib/webhooks/webhooks-service.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params }) => {
  const webhooks = await readWebhooks(params.userId);
  return { status: 200, body: { userId: params.userId, webhooks: webhooks.map(webhookView) } };
});
