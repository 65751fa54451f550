// First: decides the X-Ray SDK's mode before the Tracer loads it (no per-promise async hooks where tracing is off).
import { restoreXrayMode } from "./xray-mode.js";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { settings } from "../config/env.js";

restoreXrayMode();

/**
 * The one X-Ray tracer of the service. Off wherever the functions do not run on AWS: the Tracer turns
 * itself off outside Lambda, `POWERTOOLS_TRACE_ENABLED=false` turns it off anywhere, and a local
 * DynamoDB endpoint (npm start, tests) means local, where no X-Ray daemon listens.
 */
export const tracer = new Tracer({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "presence-scheduling",
  enabled: !settings.dynamoEndpoint,
});
