import { openSealed, seal } from "../../lib/security/sealed.js";

const OLD = "old-service-secret-0123456789abcdefghij";
const NEW = "new-service-secret-0123456789abcdefghij";

describe("sealed stored values", () => {
  const previous = process.env.SERVICE_SECRET;
  beforeEach(() => {
    process.env.SERVICE_SECRET = "unit-test-secret-0123456789abcdefghij";
    delete process.env.SERVICE_SECRET_PREVIOUS;
  });
  afterAll(() => {
    process.env.SERVICE_SECRET = previous;
    delete process.env.SERVICE_SECRET_PREVIOUS;
  });

  test("a value opens under its own context, and its plaintext is not in the sealed form", () => {
    const value = { booking: { id: "bk_1" }, cancelToken: "very-secret-token" };
    const sealed = seal(value, "IDEMPOTENCY#ann#x");
    expect(sealed).not.toContain("very-secret-token");
    expect(Buffer.from(sealed, "base64url").toString("latin1")).not.toContain("very-secret-token");
    expect(openSealed(sealed, "IDEMPOTENCY#ann#x").value).toEqual(value);
  });

  test("another context, an altered byte or another secret does not open it", () => {
    const sealed = seal("answer", "context-a");
    expect(() => openSealed(sealed, "context-b").value).toThrow();
    const bytes = Buffer.from(sealed, "base64url");
    bytes[14] = bytes[14]! ^ 1;
    expect(() => openSealed(bytes.toString("base64url"), "context-a").value).toThrow();
    process.env.SERVICE_SECRET = "another-secret-0123456789abcdefghijklmn";
    expect(() => openSealed(sealed, "context-a").value).toThrow();
  });

  test("a missing or short secret is refused", () => {
    process.env.SERVICE_SECRET = "short";
    expect(() => seal("x", "c")).toThrow(/at least 32/);
    delete process.env.SERVICE_SECRET;
    expect(() => seal("x", "c")).toThrow(/SERVICE_SECRET/);
  });

  test("after a rotation, SERVICE_SECRET_PREVIOUS still opens what was sealed under the old secret, and seals nothing", () => {
    process.env.SERVICE_SECRET = OLD;
    const before = seal({ cancelToken: "t1" }, "context");
    process.env.SERVICE_SECRET = NEW;
    expect(() => openSealed(before, "context").value).toThrow();
    process.env.SERVICE_SECRET_PREVIOUS = OLD;
    expect(openSealed(before, "context")).toEqual({ value: { cancelToken: "t1" }, underPrevious: true });
    expect(openSealed(before, "context").value).toEqual({ cancelToken: "t1" });
    // The previous secret opens only its own context too.
    expect(() => openSealed(before, "another").value).toThrow();
    // New values are sealed under the new secret alone.
    const after = seal({ cancelToken: "t2" }, "context");
    expect(openSealed(after, "context")).toEqual({ value: { cancelToken: "t2" }, underPrevious: false });
    delete process.env.SERVICE_SECRET_PREVIOUS;
    expect(openSealed(after, "context").value).toEqual({ cancelToken: "t2" });
    process.env.SERVICE_SECRET = OLD;
    expect(() => openSealed(after, "context").value).toThrow();
  });

  test("a short SERVICE_SECRET_PREVIOUS is refused", () => {
    process.env.SERVICE_SECRET_PREVIOUS = "short";
    expect(() => seal("x", "c")).toThrow(/SERVICE_SECRET_PREVIOUS must be at least 32/);
  });
});
