// Every setting the functions read from the environment, read in one place; the two secrets (the admin key and
// SERVICE_SECRET) in lib/config/secrets.ts, since on AWS they come from SSM Parameter Store.
function optional(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

function required(name: string): string {
  const value = optional(name);
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

export const tableNames = {
  get users(): string {
    return required("USERS_TABLE");
  },
  get status(): string {
    return required("STATUS_TABLE");
  },
  get schedules(): string {
    return required("SCHEDULES_TABLE");
  },
  get idempotency(): string {
    return required("IDEMPOTENCY_TABLE");
  },
  get webhooks(): string {
    return required("WEBHOOKS_TABLE");
  },
};

export const settings = {
  /** DynamoDB Local endpoint for development and tests; unset on AWS. */
  get dynamoEndpoint(): string | undefined {
    return optional("DYNAMODB_ENDPOINT");
  },
  /** Comma-separated CORS origins, `*` by default (API keys travel in headers, never cookies). */
  get corsOrigins(): string[] {
    return (optional("CORS_ORIGINS") ?? "*").split(",").map((o) => o.trim()).filter(Boolean);
  },
  /** Local development only: calendar feeds on loopback addresses are allowed. */
  get allowLoopbackFeeds(): boolean {
    return optional("ALLOW_LOOPBACK_FEEDS") === "true";
  },
  /** The calendar poller: see lib/calendar-sync/README.md. */
  get calendarSync(): CalendarSyncSettings {
    return {
      refreshMinutes: positiveNumber("CALENDAR_REFRESH_MINUTES", 5),
      horizonDays: positiveNumber("CALENDAR_HORIZON_DAYS", 14),
      concurrency: positiveNumber("CALENDAR_POLL_CONCURRENCY", 16),
      budgetSeconds: positiveNumber("CALENDAR_POLL_BUDGET_SECONDS", 40),
      maxUsersPerRun: positiveNumber("CALENDAR_POLL_MAX_USERS", 30000),
      fetchTimeoutSeconds: positiveNumber("CALENDAR_FETCH_TIMEOUT_SECONDS", 10),
      maxFeedBytes: positiveNumber("CALENDAR_FEED_MAX_BYTES", 5 * 1024 * 1024),
      maxBackoffMinutes: positiveNumber("CALENDAR_BACKOFF_MAX_MINUTES", 60),
      shards: positiveInteger("CALENDAR_SYNC_SHARDS", 8, 1000),
      batchSize: positiveInteger("CALENDAR_SYNC_BATCH_SIZE", 50, 500),
      workerFunction: optional("CALENDAR_SYNC_WORKER"),
    };
  },
  /** The webhook dispatcher function (its deployed name), invoked after a commit only locally (LAMBDA_ENDPOINT). */
  get webhookDispatcher(): string | undefined {
    return optional("WEBHOOK_DISPATCHER");
  },
  /**
   * The domain of calendar invites: every booking's UID is `<bookingId>@<domain>` and the organizer's address
   * `noreply@<domain>`. Choose it once: calendars take a changed UID for another event.
   */
  get calendarInviteDomain(): string {
    return optional("CALENDAR_INVITE_DOMAIN") ?? "presence-scheduling.invalid";
  },
  /** The Lambda API endpoint for development (serverless offline's lambda port); unset on AWS. */
  get lambdaEndpoint(): string | undefined {
    return optional("LAMBDA_ENDPOINT");
  },
};

interface CalendarSyncSettings {
  /** A feed is fetched again this long after a success. */
  refreshMinutes: number;
  /** Busy time is kept from now to now + this many days. */
  horizonDays: number;
  /** Feeds fetched at the same time by one poll run. */
  concurrency: number;
  /** No feed is started after this long into a run (each then has at most its fetch timeout to finish). */
  budgetSeconds: number;
  /** Users one finder run hands out at most (one in-process run: takes at most); the rest stay due for the next run. */
  maxUsersPerRun: number;
  fetchTimeoutSeconds: number;
  maxFeedBytes: number;
  /** Retries after failures back off exponentially from one minute up to this. */
  maxBackoffMinutes: number;
  /** Partitions of the due-user index new writes spread users over (changeable: see lib/calendar-sync/README.md). */
  shards: number;
  /** Users per worker invocation. */
  batchSize: number;
  /** The worker function the finder invokes (its deployed name); unset only outside a deployment. */
  workerFunction: string | undefined;
}

function positiveInteger(name: string, fallback: number, max: number): number {
  const value = positiveNumber(name, fallback);
  if (!Number.isInteger(value) || value > max) throw new Error(`${name} must be a whole number from 1 to ${max}, got '${optional(name)}'`);
  return value;
}

function positiveNumber(name: string, fallback: number): number {
  const raw = optional(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got '${raw}'`);
  return value;
}
