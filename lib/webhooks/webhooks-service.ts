import { randomBytes } from "node:crypto";
import { settings } from "../config/env.js";
import {
  deleteWebhook,
  findWebhook,
  insertWebhook,
  listDeliveryAttempts,
  listWebhooks,
  updateWebhook,
  WEBHOOK_EVENT_TYPES,
  type DeliveryAttempt,
  type WebhookEventType,
  type WebhookRecord,
} from "../data/webhooks-repo.js";
import { webhookKey } from "../data/keys.js";
import { conflict, invalid, notFound } from "../errors.js";
import { seal } from "../security/sealed.js";
import { isoUtc } from "../time/iso.js";
import { endpointRefusal } from "./post-webhook.js";
import { generateWebhookSecret } from "./signing.js";

/** Endpoints per owner at most. */
export const MAX_WEBHOOKS = 10;

/** The context a secret is sealed for: its endpoint's key, so a sealed secret cannot be moved to another endpoint. */
export const secretContext = (ownerId: string, webhookId: string) => {
  const key = webhookKey(ownerId, webhookId);
  return `${key.pk}|${key.sk}`;
};

/**
 * The address policy at registration: https (http too where loopback is allowed, i.e. locally), and a host
 * whose every address is public (loopback only locally); checked again on every delivery.
 */
async function checkUrl(url: string): Promise<void> {
  const allowLoopback = settings.allowLoopbackFeeds;
  if (!allowLoopback && new URL(url).protocol !== "https:") throw invalid("A webhook URL must be https", "invalid_webhook_url");
  const refusal = await endpointRefusal(url, allowLoopback);
  if (refusal?.code === "blocked_address") throw invalid(refusal.message, "webhook_url_refused");
  if (refusal) throw invalid(`The webhook URL's host cannot be resolved`, "invalid_webhook_url");
}

const distinct = (events: readonly WebhookEventType[]) => WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type));

export async function createWebhook(
  ownerId: string,
  input: { url: string; events?: WebhookEventType[]; description?: string },
  now: number,
): Promise<{ webhook: WebhookRecord; secret: string }> {
  await checkUrl(input.url);
  if ((await listWebhooks(ownerId)).length >= MAX_WEBHOOKS) throw conflict(`An owner has at most ${MAX_WEBHOOKS} webhook endpoints`, "too_many_webhooks");
  const webhookId = `wh_${randomBytes(8).toString("hex")}`;
  const secret = generateWebhookSecret();
  const stamp = isoUtc(now);
  const webhook: WebhookRecord = {
    ownerId,
    webhookId,
    url: input.url,
    events: distinct(input.events ?? [...WEBHOOK_EVENT_TYPES]),
    ...(input.description ? { description: input.description } : {}),
    sealedSecret: seal(secret, secretContext(ownerId, webhookId)),
    enabled: true,
    consecutiveFailures: 0,
    createdAt: stamp,
    updatedAt: stamp,
  };
  await insertWebhook(webhook);
  return { webhook, secret };
}

export async function readWebhook(ownerId: string, webhookId: string): Promise<WebhookRecord> {
  const webhook = await findWebhook(ownerId, webhookId);
  if (!webhook) throw notFound(`No webhook '${webhookId}'`, "webhook_not_found");
  return webhook;
}

export const readWebhooks = (ownerId: string) => listWebhooks(ownerId);

export async function changeWebhook(
  ownerId: string,
  webhookId: string,
  patch: { url?: string; events?: WebhookEventType[]; description?: string | null; enabled?: boolean },
  now: number,
): Promise<WebhookRecord> {
  if (patch.url !== undefined) await checkUrl(patch.url);
  const current = await readWebhook(ownerId, webhookId);
  const updated = await updateWebhook(ownerId, webhookId, {
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.events !== undefined ? { events: distinct(patch.events) } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    // Only a change of state counts: enabling an enabled endpoint keeps its failure streak.
    enable: patch.enabled === true && !current.enabled,
    disable: patch.enabled === false && current.enabled,
    updatedAt: isoUtc(now),
  });
  if (!updated) throw notFound(`No webhook '${webhookId}'`, "webhook_not_found");
  return updated;
}

export async function removeWebhook(ownerId: string, webhookId: string): Promise<void> {
  if (!(await deleteWebhook(ownerId, webhookId))) throw notFound(`No webhook '${webhookId}'`, "webhook_not_found");
}

export async function readDeliveries(ownerId: string, webhookId: string, limit: number): Promise<DeliveryAttempt[]> {
  await readWebhook(ownerId, webhookId);
  return listDeliveryAttempts(ownerId, webhookId, limit);
}
