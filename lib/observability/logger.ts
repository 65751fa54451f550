import { Logger } from "@aws-lambda-powertools/logger";

/** The one structured JSON logger of the service; handlers and libraries import it, never build their own. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "presence-scheduling" });
