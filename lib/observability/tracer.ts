import { Tracer } from "@aws-lambda-powertools/tracer";
import { settings } from "../config/env.js";

/**
 * The one X-Ray tracer of the service. Off wherever the functions do not run on AWS: the Tracer turns
 * itself off outside Lambda, `POWERTOOLS_TRACE_ENABLED=false` turns it off anywhere, and a local
 * DynamoDB endpoint (npm start, tests) means local, where no X-Ray daemon listens.
 */
export const tracer = new Tracer({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "presence-scheduling",
  enabled: !settings.dynamoEndpoint,
});
