import fc from "fast-check";
import { hashSecret, issueApiKey, parseApiKey, sameSecret, secretMatches } from "../../lib/users/api-keys.js";
import { propertyRuns } from "../support/property-runs.js";

describe("API keys", () => {
  test("a key carries the user id and at least 128 random bits, and only its hash is kept", () => {
    const { apiKey, hash } = issueApiKey("ann");
    const parsed = parseApiKey(apiKey)!;
    expect(parsed.userId).toBe("ann");
    expect(Buffer.from(parsed.secret, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    expect(hash).toBe(hashSecret(parsed.secret));
    expect(hash).not.toContain(parsed.secret);
    expect(secretMatches(parsed.secret, hash)).toBe(true);
  });

  test("two keys are never the same", () => {
    const keys = new Set(Array.from({ length: 1000 }, () => issueApiKey("ann").apiKey));
    expect(keys.size).toBe(1000);
  });

  test("any other secret fails", () => {
    const { apiKey, hash } = issueApiKey("ann");
    const secret = parseApiKey(apiKey)!.secret;
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (guess) => {
        fc.pre(guess !== secret);
        expect(secretMatches(guess, hash)).toBe(false);
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  test("strings that cannot be keys are not parsed", () => {
    for (const bad of ["", "nodot", ".secret", "ann.", "x".repeat(300) + ".y"]) {
      expect(parseApiKey(bad)).toBeUndefined();
    }
  });

  test("sameSecret compares whole strings", () => {
    expect(sameSecret("admin-key", "admin-key")).toBe(true);
    expect(sameSecret("admin-key", "admin-kez")).toBe(false);
    expect(sameSecret("admin-key", "admin-key ")).toBe(false);
  });
});
