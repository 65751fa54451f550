/**
 * Endpoint signing secrets across a SERVICE_SECRET rotation (README, Secrets). They are stored sealed and
 * never expire, so what was sealed under the old secret is sealed again under the new one: by the
 * dispatcher when it next signs for the endpoint, and for every endpoint by `npm run reseal-secrets`, after
 * which SERVICE_SECRET_PREVIOUS can go.
 */
import { allWebhooks, replaceSealedSecret, type WebhookRecord } from "../data/webhooks-repo.js";
import { logger } from "../observability/logger.js";
import { openSealed, openSealedAnywhere, seal } from "../security/sealed.js";
import { secretContext } from "./webhooks-service.js";

/** The endpoint's signing secret; sealed again under the current SERVICE_SECRET if it was under the previous one. */
export async function endpointSecret(endpoint: WebhookRecord): Promise<string> {
  const context = secretContext(endpoint.ownerId, endpoint.webhookId);
  const { value, underPrevious } = await openSealedAnywhere(endpoint.sealedSecret, context);
  if (underPrevious) {
    try {
      await replaceSealedSecret(endpoint.ownerId, endpoint.webhookId, endpoint.sealedSecret, seal(value, context));
    } catch (error) {
      // Signing goes on: the next dispatch, or the maintenance pass, seals it again.
      logger.warn("could not seal a webhook secret again under the current SERVICE_SECRET", {
        ownerId: endpoint.ownerId,
        webhookId: endpoint.webhookId,
        reason: (error as Error).message,
      });
    }
  }
  return value as string;
}

export interface ResealReport {
  endpoints: number;
  /** Were under SERVICE_SECRET_PREVIOUS, now under SERVICE_SECRET. */
  resealed: number;
  /** Open under neither secret (sealed under a third, or altered): listed in the log, left as they are. */
  unreadable: number;
}

/** Seals every endpoint's secret that is under SERVICE_SECRET_PREVIOUS again under SERVICE_SECRET. */
export async function resealWebhookSecrets(): Promise<ResealReport> {
  const report: ResealReport = { endpoints: 0, resealed: 0, unreadable: 0 };
  for await (const page of allWebhooks()) {
    for (const endpoint of page) {
      report.endpoints++;
      const context = secretContext(endpoint.ownerId, endpoint.webhookId);
      let opened: ReturnType<typeof openSealed>;
      try {
        opened = openSealed(endpoint.sealedSecret, context);
      } catch {
        report.unreadable++;
        logger.error("a webhook secret opens under neither SERVICE_SECRET nor SERVICE_SECRET_PREVIOUS", { ownerId: endpoint.ownerId, webhookId: endpoint.webhookId });
        continue;
      }
      if (!opened.underPrevious) continue;
      // A false here means the dispatcher sealed it again meanwhile: done either way.
      await replaceSealedSecret(endpoint.ownerId, endpoint.webhookId, endpoint.sealedSecret, seal(opened.value, context));
      report.resealed++;
    }
  }
  return report;
}
