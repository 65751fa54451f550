import { listWebhookDeliveries as contract } from "#lib/api/webhooks.js";
import { deliveryView } from "#lib/webhooks/views.js";
import { readDeliveries } from "#lib/webhooks/webhooks-service.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(contract, async ({ params, query }) => {
  const attempts = await readDeliveries(params.userId, params.webhookId, query.limit ?? 50);
  return { status: 200, body: { webhookId: params.webhookId, deliveries: attempts.map(deliveryView) } };
});
