import { randomBytes } from "node:crypto";
import { explainSlot, formatLocalDateTime, type Explanation, type Reason, type SlotSettings } from "../engine/index.js";
import {
  claimSlot,
  findBooking,
  findIdempotencyRecord,
  insertBooking,
  releaseSlotClaim,
  replaceBooking,
  type BookingRecord,
  type CommitGuard,
  type CommitOutcome,
} from "../data/schedules-repo.js";
import { conflict, forbidden, HttpError, notFound, unprocessable } from "../http/errors.js";
import { isoUtc } from "../time/iso.js";
import { hashSecret, secretMatches } from "../users/api-keys.js";
import { localDatesToRange } from "./dates.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import { bookingsAround, engineBookings, ownerHeads, ownerZone } from "./snapshot.js";

/** A lost race (another change committed between our read and our write) is retried within this budget. */
const MAX_ATTEMPTS = 60;
const RETRY_BUDGET_MS = 20_000;
/** How long a slot claim lasts if its holder dies without releasing it. */
const CLAIM_TTL_MS = 30_000;
const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** Reasons that mean "the rules offer this slot, but something already occupies it". */
const COLLISIONS = new Set(["booked", "calendar_busy", "buffer_conflict"]);

export interface HttpAnswer {
  status: number;
  body: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** After a lost commit: backoff with full jitter, short, so that the next round has a winner soon. */
const pause = (attempt: number) => sleep(Math.random() * Math.min(100, 5 * 2 ** Math.min(attempt, 5)));
/** While another request holds the slot's claim: its commit takes a round trip or two; then read again. */
const waitForClaim = () => sleep(100 + Math.random() * 200);

/** Reasons as the API shows them: instants in ISO 8601 UTC. */
export function presentReasons(reasons: readonly Reason[]) {
  return reasons.map((reason) => ({
    code: reason.code,
    message: reason.message,
    ...(reason.interval ? { interval: { start: isoUtc(reason.interval.start), end: isoUtc(reason.interval.end) } } : {}),
  }));
}

/** 409 when only collisions stand in the way, 422 when the slot is not one the rules offer at all. */
function refusal(explanation: Explanation): HttpError {
  const details = { reasons: presentReasons(explanation.reasons) };
  const first = explanation.reasons[0]?.message ?? "not offered";
  if (explanation.reasons.every((reason) => COLLISIONS.has(reason.code))) {
    return conflict(`That time is already taken: ${first}`, "slot_taken", details);
  }
  return unprocessable(`That time is not an offered slot: ${first}`, "slot_not_offered", details);
}

interface Assessment {
  explanation: Explanation;
  guard: CommitGuard;
  settings: SlotSettings;
}

/** Reads what a booking decision needs (2 requests) and explains the requested slot against it. */
async function assess(
  ownerId: string,
  slot: { start: number; end?: number },
  fixedSettings: SlotSettings | undefined,
  now: number,
  excludeBookingId?: string,
): Promise<Assessment> {
  const heads = await ownerHeads(ownerId);
  const guard: CommitGuard = {
    ownerId,
    scheduleVersion: heads.schedule?.version ?? 0,
    calendarVersion: heads.calendar?.version,
  };
  const settings = fixedSettings ?? heads.schedule?.settings ?? DEFAULT_SETTINGS;
  const availability = heads.schedule?.availability ?? { zone: ownerZone(heads) };
  // The whole owner-local day of the slot, so a daily maximum counts every booking of that day.
  const day = formatLocalDateTime(slot.start, availability.zone).slice(0, 10);
  const bookings = heads.schedule ? await bookingsAround(ownerId, localDatesToRange(day, day, availability.zone)) : [];
  const explanation = explainSlot(
    { availability, settings, now, bookings: engineBookings(bookings, excludeBookingId), calendarBusy: heads.calendar?.intervals ?? [] },
    slot,
  );
  return { explanation, guard, settings };
}

export interface NewBooking {
  ownerId: string;
  start: number;
  /** When given, must match the slot length. */
  end?: number;
  invitee: { name: string; email?: string };
  note?: string;
  via: BookingRecord["via"];
  /** Fixed settings (the seed's 60-minute rule); otherwise the owner's. */
  settings?: SlotSettings;
  idempotency?: { key: string; requestHash: string };
  now: number;
  /** Shapes the answer; the same answer is stored for idempotent replays. */
  present: (booking: BookingRecord, cancelToken: string) => HttpAnswer;
}

async function replay(ownerId: string, idempotency: { key: string; requestHash: string }): Promise<HttpAnswer | undefined> {
  const record = await findIdempotencyRecord(ownerId, idempotency.key);
  if (!record) return undefined;
  if (record.requestHash !== idempotency.requestHash) {
    throw unprocessable(
      "This Idempotency-Key was already used with a different request; use a new key for a new booking",
      "idempotency_key_reused",
    );
  }
  return { status: record.status, body: record.body };
}

/**
 * Books a slot. The decision is read, then committed in one transaction that checks-and-bumps the owner's
 * schedule version and checks the calendar version: if anything changed in between, nothing is written
 * and the attempt starts over. Double booking is impossible by construction.
 */
export async function createBooking(request: NewBooking): Promise<HttpAnswer> {
  if (request.idempotency) {
    const earlier = await replay(request.ownerId, request.idempotency);
    if (earlier) return earlier;
  }
  const holder = randomBytes(8).toString("hex");
  const deadline = Date.now() + RETRY_BUDGET_MS;
  let claimed = false;
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS && Date.now() < deadline; attempt++) {
      const { explanation, guard, settings } = await assess(request.ownerId, request, request.settings, request.now);
      if (!explanation.offered) throw refusal(explanation);
      // One request per slot start goes on to the transaction; the others wait and read again, and
      // see the slot taken (409) or free again (they claim it then).
      claimed ||= await claimSlot(request.ownerId, explanation.slot.start, holder, request.now, request.now + CLAIM_TTL_MS);
      if (!claimed) {
        await waitForClaim();
        continue;
      }
      const answer = prepare(request, explanation, settings);
      const outcome = await insertBooking(
        guard,
        answer.booking,
        request.idempotency
          ? { ...request.idempotency, status: answer.http.status, body: answer.http.body, expiresAt: request.now + IDEMPOTENCY_TTL_MS }
          : undefined,
      );
      if (outcome.ok) return answer.http;
      if (outcome.reason === "idempotency_key_exists" && request.idempotency) {
        const earlier = await replay(request.ownerId, request.idempotency);
        if (earlier) return earlier;
      }
      await pause(attempt);
    }
  } finally {
    if (claimed) await releaseSlotClaim(request.ownerId, request.start, holder);
  }
  throw conflict("The owner's schedule is changing too fast; try again", "schedule_contention");
}

function prepare(request: NewBooking, explanation: Explanation, settings: SlotSettings): { booking: BookingRecord; http: HttpAnswer } {
  const cancelToken = randomBytes(24).toString("base64url");
  const stamp = isoUtc(request.now);
  const booking: BookingRecord = {
    bookingId: `bk_${randomBytes(10).toString("hex")}`,
    ownerId: request.ownerId,
    start: explanation.slot.start,
    end: explanation.slot.end,
    bufferBeforeMinutes: settings.bufferBeforeMinutes ?? 0,
    bufferAfterMinutes: settings.bufferAfterMinutes ?? 0,
    invitee: request.invitee,
    ...(request.note ? { note: request.note } : {}),
    status: "confirmed",
    cancelTokenHash: hashSecret(cancelToken),
    createdAt: stamp,
    updatedAt: stamp,
    via: request.via,
  };
  return { booking, http: request.present(booking, cancelToken) };
}

export interface BookingChange {
  ownerId: string;
  bookingId: string;
  /** The owner (or the admin) acts freely; an invitee proves themselves with the booking's cancel token. */
  actor: { kind: "owner" } | { kind: "invitee"; cancelToken: string | undefined };
  now: number;
}

async function loadForChange(change: BookingChange): Promise<BookingRecord> {
  const booking = await findBooking(change.ownerId, change.bookingId);
  if (!booking) throw notFound(`No booking '${change.bookingId}'`, "booking_not_found");
  if (change.actor.kind === "invitee") {
    const token = change.actor.cancelToken;
    if (!token || !secretMatches(token, booking.cancelTokenHash)) {
      throw forbidden("Only the owner's key or this booking's cancel token may change it");
    }
  }
  return booking;
}

async function retrying(change: BookingChange, attemptOnce: (booking: BookingRecord) => Promise<CommitOutcome | BookingRecord>) {
  const deadline = Date.now() + RETRY_BUDGET_MS;
  for (let attempt = 0; attempt < MAX_ATTEMPTS && Date.now() < deadline; attempt++) {
    const booking = await loadForChange(change);
    const outcome = await attemptOnce(booking);
    if (!("ok" in outcome)) return outcome;
    if (outcome.ok) return (await findBooking(change.ownerId, change.bookingId)) as BookingRecord;
    await pause(attempt);
  }
  throw conflict("The owner's schedule is changing too fast; try again", "schedule_contention");
}

/** Cancels a future booking; cancelling it again answers the same. */
export function cancelBooking(change: BookingChange): Promise<BookingRecord> {
  return retrying(change, async (booking) => {
    if (booking.status === "cancelled") return booking;
    if (booking.start <= change.now) throw unprocessable("A booking that has started cannot be cancelled", "booking_in_past");
    const heads = await ownerHeads(change.ownerId);
    const guard: CommitGuard = {
      ownerId: change.ownerId,
      scheduleVersion: heads.schedule?.version ?? 0,
      calendarVersion: heads.calendar?.version,
    };
    const stamp = isoUtc(change.now);
    return replaceBooking(guard, booking, {
      ...booking,
      status: "cancelled",
      cancelledAt: stamp,
      cancelledBy: change.actor.kind,
      updatedAt: stamp,
    });
  });
}

/**
 * Moves a future booking to another offered slot in one transaction: the new time is taken and the old
 * released together, or nothing changes.
 */
export function rescheduleBooking(change: BookingChange & { start: number; settings?: SlotSettings }): Promise<BookingRecord> {
  return retrying(change, async (booking) => {
    if (booking.status !== "confirmed") throw conflict("This booking was cancelled", "booking_cancelled");
    if (booking.start <= change.now) throw unprocessable("A booking that has started cannot be moved", "booking_in_past");
    const { explanation, guard } = await assess(change.ownerId, { start: change.start }, change.settings, change.now, booking.bookingId);
    if (!explanation.offered) throw refusal(explanation);
    return replaceBooking(guard, booking, {
      ...booking,
      start: explanation.slot.start,
      end: explanation.slot.end,
      rescheduledFrom: { start: booking.start, end: booking.end },
      updatedAt: isoUtc(change.now),
    });
  });
}

/** Explains why a slot is or is not offered, with the same inputs booking uses. */
export async function explainTime(
  ownerId: string,
  slot: { start: number; end?: number },
  now: number,
  settings?: SlotSettings,
): Promise<Explanation> {
  return (await assess(ownerId, slot, settings, now)).explanation;
}
