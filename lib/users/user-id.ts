import { randomBytes } from "node:crypto";
import { z } from "zod";

/** 1–64 lowercase letters, digits, `-` and `_`, starting with a letter or digit (API.md). */
const USER_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const userIdSchema = z
  .string()
  .regex(USER_ID_PATTERN, "must be 1-64 lowercase letters, digits, '-' or '_', starting with a letter or digit")
  .meta({ description: "User id", example: "ann" });

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A fresh id such as `u-k3x9q2m7hw1z`: 12 random characters, about 62 bits. */
export function generateUserId(): string {
  const bytes = randomBytes(12);
  let id = "u-";
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}
