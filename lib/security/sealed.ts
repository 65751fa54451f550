import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { serviceSecret } from "../config/secrets.js";

/**
 * Values stored sealed (AES-256-GCM under a key derived from SERVICE_SECRET, which on AWS comes from SSM:
 * lib/config/secrets.ts): what the database holds
 * reveals nothing of them, and a sealed value only opens under the context (e.g. its item's key) it was
 * sealed for, so it cannot be moved to another item. A sealed value is base64url of
 * IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
 */

const PURPOSE = "stored-answer-v1";
let cached: { secret: string; key: Buffer } | undefined;

function key(): Buffer {
  const secret = serviceSecret();
  if (cached?.secret !== secret) cached = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", PURPOSE, 32)) };
  return cached.key;
}

export function seal(value: unknown, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

/** The sealed value; throws if it was altered, sealed for another context or under another secret. */
export function unseal(sealed: string, context: string): unknown {
  const bytes = Buffer.from(sealed, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key(), bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8"));
}
