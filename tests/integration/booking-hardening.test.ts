import { PutCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { tableNames } from "../../lib/config/env.js";
import { db } from "../../lib/data/client.js";
import { bookingGuardKey, slotClaimKey } from "../../lib/data/keys.js";
import { queryBookings } from "../../lib/data/schedules-repo.js";
import { bookV1, publishAvailability } from "../support/booking.js";
import { addDays, futureMonday, utcInstant, zonedInstant } from "../support/future-dates.js";
import { failingSdkRequests, interfereOnce, type SdkRequest } from "../support/sdk-faults.js";
import { createTestUser } from "../support/users.js";

const MINUTE = 60_000;
/** A key attribute as the client sends it, before or after marshalling. */
const keyText = (value: unknown): string => (typeof value === "string" ? value : ((value as { S?: string } | undefined)?.S ?? ""));
const isClaimRelease = (request: SdkRequest) => request.command === "DeleteItemCommand" && keyText(request.input.Key?.pk).startsWith("CLAIM#");

/** Another writer's booking in the same UTC hour as `start`, as its commit leaves the hour's guard. */
const bumpGuard = (ownerId: string, start: string) =>
  db().send(
    new UpdateCommand({
      TableName: tableNames.schedules,
      Key: bookingGuardKey(ownerId, start.slice(0, 13)),
      UpdateExpression: "ADD version :one",
      ExpressionAttributeValues: { ":one": 1 },
    }),
  );

/** An owner free 08:00–13:00 UTC (ten half-hour slots) on `days` consecutive days from a Monday weeks ahead. */
async function ownerWithDays(days: number) {
  const first = futureMonday({ weeksAhead: 3 });
  const owner = await createTestUser({ timezone: "UTC" });
  await publishAvailability(owner, {
    timezone: "UTC",
    dateRules: [{ from: first, to: addDays(first, days - 1), start: "08:00", end: "13:00" }],
    settings: { durationMinutes: 30 },
  });
  return { owner, first };
}

describe("booking under faults", () => {
  test("a failure releasing the slot claim after the commit leaves the answer a 201, and a retry replays it", async () => {
    const { owner, first } = await ownerWithDays(1);
    const start = utcInstant(first, "09:00");
    // Another booking in the same hour commits between this request's read and its commit: the request
    // loses that race, claims the slot, commits on the next attempt, and then cannot release its claim.
    const { result, failed } = await failingSdkRequests(isClaimRelease, () =>
      interfereOnce(
        (request) => request.command === "TransactWriteItemsCommand",
        () => bumpGuard(owner.id, start),
        () => bookV1(owner.id, start, { idempotencyKey: "release-fails" }),
      ),
    );
    expect(failed).toBe(1);
    expect(result.status).toBe(201);
    const stored = await queryBookings(owner.id, Date.parse(start), Date.parse(start) + 30 * MINUTE);
    expect(stored.map((b) => b.bookingId)).toEqual([result.body.booking.id]);
    const retry = await bookV1(owner.id, start, { idempotencyKey: "release-fails" });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(result.body);
  });

  test("a slot claim left by a crashed request is waited out, not obeyed: after a lost race the free slot is still booked", async () => {
    const { owner, first } = await ownerWithDays(1);
    const start = utcInstant(first, "10:00");
    // What a request that died after claiming leaves behind: a claim that has not expired yet.
    const expiresAt = Date.now() + 25_000;
    await db().send(
      new PutCommand({
        TableName: tableNames.idempotency,
        Item: { ...slotClaimKey(owner.id, new Date(Date.parse(start)).toISOString()), holder: "crashed", expiresAt, ttl: Math.ceil(expiresAt / 1000) },
      }),
    );
    // This request loses its first race (another booking in the hour), so it must claim before trying again.
    const began = Date.now();
    const response = await interfereOnce(
      (request) => request.command === "TransactWriteItemsCommand",
      () => bumpGuard(owner.id, start),
      () => bookV1(owner.id, start),
    );
    expect(response.status).toBe(201);
    const waited = Date.now() - began;
    expect(waited).toBeGreaterThanOrEqual(4_000);
    expect(waited).toBeLessThan(15_000);
  }, 30_000);
});

describe("idempotency", () => {
  test("the same key and body sent at once: both get the identical 201, one booking (5 rounds)", async () => {
    const { owner, first } = await ownerWithDays(1);
    for (let round = 0; round < 5; round++) {
      const start = utcInstant(first, `${String(8 + round).padStart(2, "0")}:00`);
      const key = `same-${round}`;
      const [a, b] = await Promise.all([bookV1(owner.id, start, { idempotencyKey: key }), bookV1(owner.id, start, { idempotencyKey: key })]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body).toEqual(a.body);
      expect(await queryBookings(owner.id, Date.parse(start), Date.parse(start) + 30 * MINUTE)).toHaveLength(1);
    }
  });

  test("two unrelated invitees using the same key never collide", async () => {
    const { owner, first } = await ownerWithDays(1);
    const ann = await bookV1(owner.id, utcInstant(first, "08:00"), { idempotencyKey: "1", name: "Ann", email: "ann@example.com" });
    const bob = await bookV1(owner.id, utcInstant(first, "08:30"), { idempotencyKey: "1", name: "Bob", email: "bob@example.com" });
    expect([ann.status, bob.status]).toEqual([201, 201]);
    expect(bob.body.booking.id).not.toBe(ann.body.booking.id);
    expect(bob.body.booking.invitee.name).toBe("Bob");
    // Each still replays its own answer.
    const annAgain = await bookV1(owner.id, utcInstant(first, "08:00"), { idempotencyKey: "1", name: "Ann", email: "ann@example.com" });
    expect(annAgain.body).toEqual(ann.body);
  });

  test("no cancel token is stored in plaintext, yet a replay still returns it", async () => {
    const { owner, first } = await ownerWithDays(1);
    const start = utcInstant(first, "11:00");
    const created = await bookV1(owner.id, start, { idempotencyKey: "secret-check" });
    expect(created.status).toBe(201);
    const token: string = created.body.cancelToken;
    const everything = [];
    for (const TableName of [tableNames.idempotency, tableNames.schedules]) {
      const { Items } = await db().send(new ScanCommand({ TableName }));
      everything.push(...(Items ?? []));
    }
    expect(JSON.stringify(everything)).not.toContain(token);
    const replay = await bookV1(owner.id, start, { idempotencyKey: "secret-check" });
    expect(replay.body.cancelToken).toBe(token);
  });
});

describe("what the guards must still exclude", () => {
  test("concurrent bookings that exclude each other only through buffers: never both", async () => {
    const first = futureMonday({ weeksAhead: 3 });
    for (let round = 0; round < 3; round++) {
      const owner = await createTestUser({ timezone: "UTC" });
      await publishAvailability(owner, {
        timezone: "UTC",
        dateRules: [{ from: first, to: first, start: "08:00", end: "13:00" }],
        settings: { durationMinutes: 30, stepMinutes: 30, bufferAfterMinutes: 60 },
      });
      // 09:00 blocks until 10:30 with its buffer; 10:00 starts inside it. Different hours, one shared guard.
      const [a, b] = await Promise.all([bookV1(owner.id, utcInstant(first, "09:00")), bookV1(owner.id, utcInstant(first, "10:00"))]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
    }
  });

  test("a daily maximum holds under concurrent requests for different hours of the day", async () => {
    const first = futureMonday({ weeksAhead: 3 });
    const owner = await createTestUser({ timezone: "Asia/Tokyo" });
    await publishAvailability(owner, {
      timezone: "Asia/Tokyo",
      dateRules: [{ from: first, to: first, start: "08:00", end: "13:00" }],
      settings: { durationMinutes: 30, maxPerDay: 2 },
    });
    // 08:00 Tokyo is 23:00 UTC the day before: the local day spans two UTC dates.
    const times = ["08:00", "09:00", "10:00", "11:00", "12:00", "12:30"];
    const responses = await Promise.all(times.map((time) => bookV1(owner.id, zonedInstant(first, time, "Asia/Tokyo"))));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(2);
    expect(responses.filter((r) => r.status !== 201).every((r) => r.status === 422 && r.body.code === "slot_not_offered")).toBe(true);
  });
});

describe("bookings on different days never contend", () => {
  test("200 concurrent requests over 200 distinct free slots across 20 days: all 200 booked", async () => {
    const { owner, first } = await ownerWithDays(20);
    const starts = Array.from({ length: 200 }, (_, i) => {
      const day = addDays(first, Math.floor(i / 10));
      const minutes = 8 * 60 + (i % 10) * 30;
      return utcInstant(day, `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`);
    });
    const began = Date.now();
    const responses = await Promise.all(starts.map((start, i) => bookV1(owner.id, start, { name: `Invitee ${i}` })));
    const seconds = (Date.now() - began) / 1000;
    const statuses = responses.map((r) => r.status);
    const refused = responses.filter((r) => r.status !== 201).map((r) => r.body?.code);
    console.info(JSON.stringify(statuses.reduce((m: Record<string, number>, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {})), ((Date.now() - began) / 1000).toFixed(1));
    expect(refused).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(200);
    const stored = await queryBookings(owner.id, Date.parse(starts[0]!), Date.parse(starts[199]!) + 30 * MINUTE);
    expect(new Set(stored.map((b) => b.start)).size).toBe(200);
    console.info(`200 requests over 200 slots in 20 days: ${statuses.filter((s) => s === 201).length} booked in ${seconds.toFixed(1)} s`);
  }, 120_000);
});
