// After a SERVICE_SECRET rotation: seals every webhook endpoint's signing secret that is still under the
// previous SERVICE_SECRET again under the current one (README, Secrets). Run it with the stage's values:
//
//   WEBHOOKS_TABLE=presence-scheduling-prod-webhooks SERVICE_SECRET=<new> SERVICE_SECRET_PREVIOUS=<old> \
//     AWS_REGION=eu-west-1 npm run reseal-secrets
//
// (DYNAMODB_ENDPOINT points it at DynamoDB Local instead.) Idempotent: run it again and it reseals nothing.
import { resealWebhookSecrets } from "../lib/webhooks/endpoint-secrets.js";

if (!process.env.SERVICE_SECRET_PREVIOUS) {
  console.error("reseal-secrets: SERVICE_SECRET_PREVIOUS is not set: there is nothing to seal again");
  process.exit(2);
}
const report = await resealWebhookSecrets();
console.log(
  `reseal-secrets: ${report.endpoints} webhook endpoint(s), ${report.resealed} sealed again under SERVICE_SECRET, ${report.unreadable} under neither secret (see the log)`,
);
process.exit(report.unreadable > 0 ? 1 : 0);
