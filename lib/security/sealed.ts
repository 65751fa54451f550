import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { rereadServiceSecrets, serviceSecrets } from "../config/secrets.js";

/**
 * Values stored sealed (AES-256-GCM under a key derived from SERVICE_SECRET, which on AWS comes from SSM:
 * lib/config/secrets.ts): what the database holds
 * reveals nothing of them, and a sealed value only opens under the context (e.g. its item's key) it was
 * sealed for, so it cannot be moved to another item. A sealed value is base64url of
 * IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes). After a rotation, SERVICE_SECRET_PREVIOUS still opens what
 * was sealed under the old secret (README, Secrets).
 */

const PURPOSE = "stored-answer-v1";
const derived = new Map<string, Buffer>();

/** The AES key of one secret (HKDF-SHA256), derived once per secret. */
function keyOf(secret: string): Buffer {
  let key = derived.get(secret);
  if (!key) {
    if (derived.size > 4) derived.clear();
    key = Buffer.from(hkdfSync("sha256", secret, "", PURPOSE, 32));
    derived.set(secret, key);
  }
  return key;
}

/** Seals under the current SERVICE_SECRET. */
export function seal(value: unknown, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(serviceSecrets().current), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

function open(bytes: Buffer, context: string, secret: string): unknown {
  const decipher = createDecipheriv("aes-256-gcm", keyOf(secret), bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8"));
}

/**
 * The sealed value, and whether it was sealed under SERVICE_SECRET_PREVIOUS (then the caller that keeps it
 * should seal it again: once every such value is, the previous secret can go). Throws if it was altered,
 * sealed for another context or under neither secret.
 */
export function openSealed(sealed: string, context: string): { value: unknown; underPrevious: boolean } {
  const bytes = Buffer.from(sealed, "base64url");
  const { current, previous } = serviceSecrets();
  try {
    return { value: open(bytes, context, current), underPrevious: false };
  } catch (error) {
    if (previous === undefined) throw error;
    return { value: open(bytes, context, previous), underPrevious: true };
  }
}

/**
 * openSealed, for values another instance may have sealed: on AWS, one that opens under neither secret
 * this instance holds makes it read the secrets again (at most every 10 s: rereadServiceSecrets) and try
 * once more. So in the minutes after a rotation, while instances still differ on SERVICE_SECRET, one that
 * has only the old secret opens what one with the new secret sealed, instead of failing.
 */
export async function openSealedAnywhere(sealed: string, context: string): Promise<{ value: unknown; underPrevious: boolean }> {
  try {
    return openSealed(sealed, context);
  } catch (error) {
    if (await rereadServiceSecrets()) return openSealed(sealed, context);
    throw error;
  }
}
