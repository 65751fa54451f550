// Runs before every test file: quiet, deterministic logging.
process.env.POWERTOOLS_DEV = "true";
process.env.POWERTOOLS_LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? "SILENT";
process.env.TZ = "UTC";
// No X-Ray daemon here (the Tracer also stays off outside Lambda and with a local DynamoDB endpoint).
process.env.POWERTOOLS_TRACE_ENABLED = "false";
