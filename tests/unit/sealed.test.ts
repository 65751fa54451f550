import { seal, unseal } from "../../lib/security/sealed.js";

describe("sealed stored values", () => {
  const previous = process.env.SERVICE_SECRET;
  beforeEach(() => {
    process.env.SERVICE_SECRET = "unit-test-secret-0123456789abcdefghij";
  });
  afterAll(() => {
    process.env.SERVICE_SECRET = previous;
  });

  test("a value opens under its own context, and its plaintext is not in the sealed form", () => {
    const value = { booking: { id: "bk_1" }, cancelToken: "very-secret-token" };
    const sealed = seal(value, "IDEMPOTENCY#ann#x");
    expect(sealed).not.toContain("very-secret-token");
    expect(Buffer.from(sealed, "base64url").toString("latin1")).not.toContain("very-secret-token");
    expect(unseal(sealed, "IDEMPOTENCY#ann#x")).toEqual(value);
  });

  test("another context, an altered byte or another secret does not open it", () => {
    const sealed = seal("answer", "context-a");
    expect(() => unseal(sealed, "context-b")).toThrow();
    const bytes = Buffer.from(sealed, "base64url");
    bytes[14] = bytes[14]! ^ 1;
    expect(() => unseal(bytes.toString("base64url"), "context-a")).toThrow();
    process.env.SERVICE_SECRET = "another-secret-0123456789abcdefghijklmn";
    expect(() => unseal(sealed, "context-a")).toThrow();
  });

  test("a missing or short secret is refused", () => {
    process.env.SERVICE_SECRET = "short";
    expect(() => seal("x", "c")).toThrow(/at least 32/);
    delete process.env.SERVICE_SECRET;
    expect(() => seal("x", "c")).toThrow(/SERVICE_SECRET/);
  });
});
