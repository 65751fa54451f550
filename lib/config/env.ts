// Every setting the functions read from the environment, read in one place.
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
};

export const settings = {
  /** DynamoDB Local endpoint for development and tests; unset on AWS. */
  get dynamoEndpoint(): string | undefined {
    return optional("DYNAMODB_ENDPOINT");
  },
  /** The admin key; when unset, admin routes refuse every caller. */
  get adminApiKey(): string | undefined {
    return optional("ADMIN_API_KEY");
  },
  /** Comma-separated CORS origins, `*` by default (API keys travel in headers, never cookies). */
  get corsOrigins(): string[] {
    return (optional("CORS_ORIGINS") ?? "*").split(",").map((o) => o.trim()).filter(Boolean);
  },
  /** Local development only: calendar feeds on loopback addresses are allowed. */
  get allowLoopbackFeeds(): boolean {
    return optional("ALLOW_LOOPBACK_FEEDS") === "true";
  },
};
