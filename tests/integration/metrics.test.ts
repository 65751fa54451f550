import { jest } from "@jest/globals";

// Metrics are off under POWERTOOLS_DEV (tests/support/env.ts) unless turned on explicitly, and the one
// Metrics instance reads this when its module loads: set it first, then load the handlers.
process.env.POWERTOOLS_METRICS_DISABLED = "false";
const { bookV1, publishAvailability } = await import("../support/booking.js");
const { createTestUser } = await import("../support/users.js");
const { futureMonday } = await import("../support/future-dates.js");
const { invoke } = await import("../support/lambda.js");
const { handler: getStatus } = await import("../../functions/status/get-status.js");

interface Emf {
  _aws: { CloudWatchMetrics: Array<{ Namespace: string; Metrics: Array<{ Name: string; Unit: string }> }> };
  [key: string]: unknown;
}

/** Every console.log of this file (Powertools writes EMF with it when POWERTOOLS_DEV is set), kept quiet. */
const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
afterAll(() => log.mockRestore());

/** The EMF lines printed while `work` runs. */
async function emfDuring(work: () => Promise<unknown>): Promise<Emf[]> {
  log.mockClear();
  await work();
  return log.mock.calls
    .map((args) => String(args[0]))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Emf);
}

/** Metric name → value, over every EMF line (each invocation flushes its own line). */
function totals(lines: Emf[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const line of lines) {
    for (const { Name } of line._aws.CloudWatchMetrics[0]!.Metrics) {
      const value = line[Name];
      const values = Array.isArray(value) ? (value as number[]) : [value as number];
      sums[Name] = (sums[Name] ?? 0) + values.reduce((a, b) => a + b, 0);
    }
  }
  return sums;
}

const MONDAY = futureMonday({ weeksAhead: 3 });

describe("booking metrics (CloudWatch EMF, one line per invocation)", () => {
  let owner: { id: string; apiKey: string };
  beforeAll(async () => {
    owner = await createTestUser({ timezone: "UTC" });
    await publishAvailability(owner, { weekly: [{ days: [1, 2, 3, 4, 5], windows: [{ start: "09:00", end: "17:00" }] }] });
  });

  test("a booking counts BookingsCreated = 1, in the service's namespace", async () => {
    const lines = await emfDuring(async () => expect((await bookV1(owner.id, `${MONDAY}T09:00:00Z`)).status).toBe(201));
    expect(lines).toHaveLength(1);
    expect(lines[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe("presence-scheduling");
    expect(lines[0]!.service).toBe("presence-scheduling");
    expect(totals(lines)).toEqual({ BookingsCreated: 1 });
  });

  test("a taken slot counts BookingConflicts (409), a time not offered BookingsNotOffered (422)", async () => {
    await bookV1(owner.id, `${MONDAY}T10:00:00Z`);
    const taken = await emfDuring(async () => expect((await bookV1(owner.id, `${MONDAY}T10:00:00Z`)).status).toBe(409));
    expect(totals(taken)).toEqual({ BookingConflicts: 1 });
    const notOffered = await emfDuring(async () => expect((await bookV1(owner.id, `${MONDAY}T20:00:00Z`)).status).toBe(422));
    expect(totals(notOffered)).toEqual({ BookingsNotOffered: 1 });
  });

  test("a replayed Idempotency-Key counts IdempotentReplays, not another booking", async () => {
    const first = await bookV1(owner.id, `${MONDAY}T11:00:00Z`, { idempotencyKey: "metrics-replay" });
    expect(first.status).toBe(201);
    const lines = await emfDuring(async () => {
      const again = await bookV1(owner.id, `${MONDAY}T11:00:00Z`, { idempotencyKey: "metrics-replay" });
      expect(again.body).toEqual(first.body);
    });
    expect(totals(lines)).toEqual({ IdempotentReplays: 1 });
  });

  test("a request that counts nothing prints nothing", async () => {
    const lines = await emfDuring(async () =>
      expect((await invoke(getStatus, { method: "GET", path: `/v1/users/${owner.id}/status`, pathParameters: { userId: owner.id } })).status).toBe(200),
    );
    expect(lines).toEqual([]);
  });
});
