import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * API keys look like `<userId>.<secret>`: the id names the user to load, the secret
 * (256 random bits, base64url) is never stored, only its SHA-256. A slow hash buys
 * nothing for a 256-bit random secret; constant-time comparison avoids timing leaks.
 */
interface IssuedKey {
  apiKey: string;
  hash: string;
}

export function issueApiKey(userId: string): IssuedKey {
  const secret = randomBytes(32).toString("base64url");
  return { apiKey: `${userId}.${secret}`, hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

interface ParsedKey {
  userId: string;
  secret: string;
}

/** Splits a presented key; returns undefined for anything that cannot be one of ours. */
export function parseApiKey(presented: string): ParsedKey | undefined {
  const dot = presented.lastIndexOf(".");
  if (dot <= 0 || dot === presented.length - 1 || presented.length > 200) return undefined;
  return { userId: presented.slice(0, dot), secret: presented.slice(dot + 1) };
}

/** Constant-time check of a presented secret against a stored SHA-256 hex digest. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Constant-time comparison of two arbitrary strings (the admin key), via their digests. */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}
