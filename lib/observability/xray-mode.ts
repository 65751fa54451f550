/**
 * The X-Ray SDK under the Powertools Tracer, when it loads in its default (automatic) mode, installs async
 * hooks that track every promise until it is garbage (cls-hooked), for the trace context. That costs about
 * a tenth of the calendar worker's CPU, and it buys nothing where the Tracer is off: there the SDK is loaded
 * in manual mode instead, which installs no hooks. The Tracer is off (and so this applies) exactly when
 * tracer.ts says so or the Tracer itself does: a local DynamoDB endpoint (npm start, the tests, the
 * simulations), `POWERTOOLS_TRACE_ENABLED=false`, or outside Lambda (no `AWS_EXECUTION_ENV`). On AWS with
 * tracing on nothing changes.
 *
 * The SDK reads AWS_XRAY_MANUAL_MODE once, when it loads: tracer.ts imports this module before the Tracer,
 * and calls `restoreXrayMode()` once the Tracer is loaded, so the variable does not outlive the load.
 */
const env = process.env;
const tracingOff =
  Boolean(env.DYNAMODB_ENDPOINT) || (env.POWERTOOLS_TRACE_ENABLED ?? "").toLowerCase() === "false" || !env.AWS_EXECUTION_ENV;
const setHere = tracingOff && env.AWS_XRAY_MANUAL_MODE === undefined;
if (setHere) env.AWS_XRAY_MANUAL_MODE = "true";
// Where LAMBDA_TASK_ROOT is set (Lambda, and serverless offline under npm start) the SDK sets a segment
// on its context as it loads, which manual mode refuses with an error logged at every cold start. The
// Tracer means to ignore a missing context (it sets AWS_XRAY_CONTEXT_MISSING=IGNORE_ERROR when unset) but
// does so only after the SDK has loaded (ES module imports run first); with tracing off, set it before.
if (setHere && !env.AWS_XRAY_CONTEXT_MISSING) env.AWS_XRAY_CONTEXT_MISSING = "IGNORE_ERROR";

/** Removes AWS_XRAY_MANUAL_MODE again if this module set it. */
export function restoreXrayMode(): void {
  if (setHere && env.AWS_XRAY_MANUAL_MODE === "true") delete env.AWS_XRAY_MANUAL_MODE;
}
