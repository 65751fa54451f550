// The service's two secrets: the admin key (ADMIN_API_KEY) and SERVICE_SECRET (it seals stored answers:
// lib/security/sealed.ts). README, "Secrets".
//
// - Locally (`npm start`, `serverless offline`, `serverless invoke local`, the tests) they are plain
//   environment variables, read at each use, and any SSM parameter named is ignored.
// - SERVICE_SECRET_PREVIOUS (optional, either way) is the SERVICE_SECRET before a rotation: what was sealed
//   under it still opens (lib/security/sealed.ts), and nothing is sealed under it. On AWS its parameter is
//   read in the same call, and may not exist.
// - On AWS they are SSM Parameter Store SecureString parameters, named by ADMIN_API_KEY_PARAMETER and
//   SERVICE_SECRET_PARAMETER (serverless.yml), read in one GetParameters call when the function starts
//   (the top-level await at the end of this file) and again once the values are 5 minutes old, so a
//   rotation is picked up. A deployed function refuses to start when a parameter is not named, cannot be
//   read, is not a SecureString or holds fewer than 32 characters, or when either secret is also set as a
//   plain environment variable. No message ever holds a secret's value.
import { logger } from "../observability/logger.js";

export const MIN_SECRET_LENGTH = 32;
/** Loaded values are used this long, then read again. */
export const SECRET_MAX_AGE_MS = 5 * 60_000;

const SECRETS = ["ADMIN_API_KEY", "SERVICE_SECRET"] as const;
type SecretName = (typeof SECRETS)[number];
/** Optional: the SERVICE_SECRET before the last rotation, still accepted for opening sealed values. */
const PREVIOUS = "SERVICE_SECRET_PREVIOUS";

/** A secret that cannot be had: never answered with its details, always logged with them. */
export class SecretUnavailableError extends Error {
  override name = "SecretUnavailableError";
}

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * True in a Lambda execution environment on AWS: the runtime API is there (set by Lambda itself, not by
 * serverless offline, `serverless invoke local` or the cold-start bench), and neither of the Serverless
 * CLI's local markers is.
 */
export function runsOnAws(): boolean {
  return env("AWS_LAMBDA_RUNTIME_API") !== undefined && env("IS_OFFLINE") === undefined && env("IS_LOCAL") === undefined;
}

interface Loaded {
  values: Record<SecretName, string>;
  previous: string | undefined;
  at: number;
}

let loaded: Loaded | undefined;
let loading: Promise<Loaded> | undefined;
let ssm: Promise<SsmReader> | undefined;

type SsmReader = (names: string[]) => Promise<{ parameters: { name: string; type?: string; value?: string }[]; invalid: string[] }>;

/** The SSM client, loaded only on this path (the Lambda runtime ships it; local runs never load it). */
async function createReader(): Promise<SsmReader> {
  const { SSMClient, GetParametersCommand } = await import("@aws-sdk/client-ssm");
  // SSM_ENDPOINT: tests only (a local server speaking SSM's protocol), like DYNAMODB_ENDPOINT; unset on AWS.
  const endpoint = env("SSM_ENDPOINT");
  const client = new SSMClient({
    ...(endpoint ? { endpoint, region: env("AWS_REGION") ?? "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
    // Well within the 10 s a function has to start: 3 attempts of at most 2 s each, and the backoff between.
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  return async (names) => {
    const answer = await client.send(new GetParametersCommand({ Names: names, WithDecryption: true }));
    return {
      parameters: (answer.Parameters ?? []).map((p) => ({ name: p.Name ?? "", type: p.Type, value: p.Value })),
      invalid: answer.InvalidParameters ?? [],
    };
  };
}

async function loadFromSsm(): Promise<Loaded> {
  const parameterOf = {} as Record<SecretName, string>;
  if (env(PREVIOUS) !== undefined) {
    throw new SecretUnavailableError(
      `${PREVIOUS} is set as a plain environment variable: on AWS it is read from the SSM SecureString parameter named by ${PREVIOUS}_PARAMETER; remove ${PREVIOUS} from the function's environment`,
    );
  }
  const previousParameter = env(`${PREVIOUS}_PARAMETER`);
  for (const secret of SECRETS) {
    if (env(secret) !== undefined) {
      throw new SecretUnavailableError(
        `${secret} is set as a plain environment variable: on AWS it is read from the SSM SecureString parameter named by ${secret}_PARAMETER; remove ${secret} from the function's environment`,
      );
    }
    const parameter = env(`${secret}_PARAMETER`);
    if (!parameter) throw new SecretUnavailableError(`${secret}_PARAMETER is not set: on AWS, ${secret} is read from the SSM SecureString parameter it names`);
    parameterOf[secret] = parameter;
  }
  const names = [...new Set([...Object.values(parameterOf), ...(previousParameter ? [previousParameter] : [])])];
  ssm ??= createReader();
  let answer: Awaited<ReturnType<SsmReader>>;
  try {
    answer = await (await ssm)(names);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new SecretUnavailableError(`Cannot read the SSM parameters ${names.join(", ")} (${SECRETS.join(", ")}): ${reason}`);
  }
  /** The checked value of one parameter; undefined only for an optional one that does not exist. */
  const valueOf = (secret: string, name: string, optional: boolean): string | undefined => {
    const parameter = answer.parameters.find((p) => p.name === name);
    if (!parameter || answer.invalid.includes(name)) {
      if (optional) return undefined;
      throw new SecretUnavailableError(`The SSM parameter ${name} (${secret}) does not exist or cannot be read`);
    }
    if (parameter.type !== "SecureString") {
      throw new SecretUnavailableError(`The SSM parameter ${name} (${secret}) must be a SecureString, not ${parameter.type ?? "untyped"}`);
    }
    const value = parameter.value ?? "";
    if (value.length < MIN_SECRET_LENGTH) {
      throw new SecretUnavailableError(`${secret} (SSM parameter ${name}) must be at least ${MIN_SECRET_LENGTH} characters: refused`);
    }
    return value;
  };
  const values = {} as Record<SecretName, string>;
  for (const secret of SECRETS) values[secret] = valueOf(secret, parameterOf[secret], false) as string;
  const previous = previousParameter ? valueOf(PREVIOUS, previousParameter, true) : undefined;
  return { values, previous, at: Date.now() };
}

/** Reads the parameters again unless a read is under way; the last good values stay until one succeeds. */
function reload(): Promise<Loaded> {
  loading ??= loadFromSsm()
    .then((fresh) => {
      loaded = fresh;
      return fresh;
    })
    .finally(() => {
      loading = undefined;
    });
  return loading;
}

const isFresh = (entry: Loaded | undefined): entry is Loaded => entry !== undefined && Date.now() - entry.at < SECRET_MAX_AGE_MS;

/** On AWS: the secrets, read again when 5 minutes old; throws SecretUnavailableError when they cannot be. */
async function current(): Promise<Loaded> {
  return isFresh(loaded) ? loaded : reload();
}

/**
 * The admin key, or undefined when none is configured (locally: ADMIN_API_KEY unset, and admin routes
 * refuse everyone). On AWS, once the loaded key is 5 minutes old it must be read again: when that fails
 * this throws SecretUnavailableError, and nobody is admin until a read succeeds.
 */
export async function adminApiKey(): Promise<string | undefined> {
  if (!runsOnAws()) return env("ADMIN_API_KEY");
  return (await current()).values.ADMIN_API_KEY;
}

/**
 * SERVICE_SECRET (at least 32 characters everywhere) and, when one is configured, SERVICE_SECRET_PREVIOUS
 * (the value before a rotation, for opening what was sealed under it). Synchronous, for sealing: on AWS the
 * values loaded when the function started, or since; once they are 5 minutes old a new read starts in the
 * background and this goes on with the last good values meanwhile (sealing under them opens nothing; a
 * failed read is logged).
 */
export function serviceSecrets(): { current: string; previous: string | undefined } {
  if (!runsOnAws()) {
    const secret = env("SERVICE_SECRET");
    if (!secret) throw new Error("Missing environment variable SERVICE_SECRET");
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`SERVICE_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    const previous = env(PREVIOUS);
    if (previous !== undefined && previous.length < MIN_SECRET_LENGTH) throw new Error(`${PREVIOUS} must be at least ${MIN_SECRET_LENGTH} characters`);
    return { current: secret, previous };
  }
  if (!loaded) throw new SecretUnavailableError("SERVICE_SECRET has not been loaded from SSM");
  if (!isFresh(loaded)) {
    reload().catch(logFailedReread);
  }
  return { current: loaded.values.SERVICE_SECRET, previous: loaded.previous };
}

/** A read forced by a value that opens under neither secret (rereadServiceSecrets) happens at most this often. */
export const FORCED_READ_INTERVAL_MS = 10_000;
let lastForcedRead = Number.NEGATIVE_INFINITY;

/**
 * On AWS, when a sealed value opens under neither SERVICE_SECRET nor SERVICE_SECRET_PREVIOUS: in the
 * minutes after a rotation it may have been sealed by an instance that already read the new secret, so
 * the parameters are read again now, unless a read was forced this way in the last 10 s (a value that
 * opens under nothing cannot make an instance call SSM more often). True when SERVICE_SECRET or
 * SERVICE_SECRET_PREVIOUS changed, so opening is worth trying again; locally always false.
 */
export async function rereadServiceSecrets(): Promise<boolean> {
  if (!runsOnAws()) return false;
  const now = Date.now();
  if (now - lastForcedRead < FORCED_READ_INTERVAL_MS) return false;
  lastForcedRead = now;
  const before = loaded;
  try {
    const fresh = await reload();
    return fresh.values.SERVICE_SECRET !== before?.values.SERVICE_SECRET || fresh.previous !== before?.previous;
  } catch (error) {
    logFailedReread(error);
    return false;
  }
}

function logFailedReread(error: unknown): void {
  logger.error("SERVICE_SECRET could not be read again; the last good value stays in use", { reason: (error as Error).message });
}

/** Reads the secrets on AWS (nothing locally); rejects, with a message naming the setting, when it cannot. */
export async function loadSecrets(): Promise<void> {
  if (runsOnAws()) await current();
}

/** Tests only: forget what was loaded, so the next read goes to SSM again. */
export function forgetLoadedSecrets(): void {
  loaded = undefined;
  loading = undefined;
  ssm = undefined;
  lastForcedRead = Number.NEGATIVE_INFINITY;
}

// A deployed function refuses to start without its secrets: this import fails, and with it the function's
// initialisation (Lambda tries again at the next request).
await loadSecrets();
