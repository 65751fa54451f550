import { adminApiKey } from "../config/secrets.js";
import { findUser } from "../data/users-repo.js";
import { logger } from "../observability/logger.js";
import { parseApiKey, sameSecret, secretMatches } from "../users/api-keys.js";
import type { Caller } from "../users/caller.js";
import { HttpError, forbidden, unauthorized } from "./errors.js";

export type { Caller } from "../users/caller.js";

/** The key presented in `Authorization: Bearer …`, or in the seed apps' `token` header where allowed. */
export function presentedKey(headers: Record<string, string | undefined>, allowTokenHeader: boolean): string | undefined {
  const authorization = headers.authorization?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthorized("The Authorization header must be 'Bearer <API key>'");
    return match[1];
  }
  const token = allowTokenHeader ? headers.token?.trim() : undefined;
  return token || undefined;
}

/**
 * Resolves a presented key to the admin or a user; any key that is not valid is a 401. When the admin key
 * cannot be loaded (on AWS: SSM failing, or a parameter changed to something refused), users' keys still
 * work and any other key is a 503 `secret_unavailable`: nobody is admin, and the caller is not told their
 * key is wrong when that cannot be known. The reason goes to the log only (it never holds the value).
 */
export async function authenticate(key: string): Promise<Caller> {
  let adminKey: string | undefined;
  let adminKeyFailure: Error | undefined;
  try {
    adminKey = await adminApiKey();
  } catch (error) {
    adminKeyFailure = error as Error;
  }
  if (adminKey && sameSecret(key, adminKey)) return { kind: "admin" };
  const parsed = parseApiKey(key);
  const user = parsed ? await findUser(parsed.userId) : undefined;
  if (parsed && user && secretMatches(parsed.secret, user.apiKeyHash)) return { kind: "user", userId: user.id, user };
  if (adminKeyFailure) {
    logger.error("the admin key cannot be loaded: admin access refused", { reason: adminKeyFailure.message });
    throw new HttpError(503, "secret_unavailable", "The service cannot check this key right now; try again later");
  }
  throw unauthorized("Invalid API key");
}

/** 403 unless the caller is the given user (or, where allowed, the admin). */
export function assertActsFor(caller: Caller, userId: string, adminAllowed = true): void {
  if (caller.kind === "admin" && adminAllowed) return;
  if (caller.kind === "user" && caller.userId === userId) return;
  throw forbidden(`This key may not act for user '${userId}'`);
}

/** The user behind a `user`-authenticated route. */
export function callingUser(caller: Caller | undefined): string {
  if (caller?.kind !== "user") throw forbidden("This route needs a user's API key");
  return caller.userId;
}
