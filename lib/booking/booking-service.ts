import { randomBytes } from "node:crypto";
import { explainSlot, formatLocalDateTime, type Explanation, type Reason, type SlotSettings } from "../engine/index.js";
import {
  claimSlot,
  findBooking,
  findIdempotencyRecord,
  insertBooking,
  readBookingGuards,
  releaseSlotClaim,
  replaceBooking,
  type BookingRecord,
  type CommitGuard,
} from "../data/schedules-repo.js";
import { conflict, DomainError, forbidden, notFound, unprocessable } from "../errors.js";
import { logger } from "../observability/logger.js";
import { count } from "../observability/metrics.js";
import { isoUtc } from "../time/iso.js";
import { hashSecret, secretMatches } from "../users/api-keys.js";
import { checkAnswers } from "../event-types/answers.js";
import { fixedOffer, resolveOffer, storedSlug, type Offer, type OfferRequest } from "../event-types/offer.js";
import { localDatesToRange } from "./dates.js";
import { inviteSequence, type HttpAnswer } from "./present.js";
import { dailyLimitGuard, guardsFor } from "./time-guards.js";
import { bookingEvent } from "../webhooks/events.js";
import { announceCommitted } from "../webhooks/kick.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import { bookingsAround, engineBookings, ownerHeads, ownerZone } from "./snapshot.js";

/** A lost race (another change committed between our read and our write) is retried within this budget. */
const MAX_ATTEMPTS = 60;
const RETRY_BUDGET_MS = 20_000;
/**
 * How long a slot claim lasts unless its holder extends it. Far below the retry budget, so that a claim
 * left by a request that died is taken over (or waited out) while the next request still has time.
 */
const CLAIM_TTL_MS = 5_000;
const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const MINUTE_MS = 60_000;
/** Reasons that mean "the rules offer this slot, but something already occupies it". */
const COLLISIONS = new Set(["booked", "calendar_busy", "buffer_conflict"]);

/** Lost races are retried until the budget runs out, and never past the answer's own deadline. */
const retryDeadline = (answerDue: number | undefined) => Math.min(Date.now() + RETRY_BUDGET_MS, answerDue ?? Infinity);
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
function refusal(explanation: Explanation): DomainError {
  const details = { reasons: presentReasons(explanation.reasons) };
  const first = explanation.reasons[0]?.message ?? "not offered";
  if (explanation.reasons.every((reason) => COLLISIONS.has(reason.code))) {
    count("BookingConflicts");
    return conflict(`That time is already taken: ${first}`, "slot_taken", details);
  }
  count("BookingsNotOffered");
  return unprocessable(`That time is not an offered slot: ${first}`, "slot_not_offered", details);
}

interface Assessment {
  explanation: Explanation;
  settings: SlotSettings;
  /** The event type the slot was judged for. */
  offer: Offer;
  /** The zone the owner's rules and wall times are read in. */
  zone: string;
  /** The guards the commit must find unchanged (read only when the decision is to be committed). */
  guard: CommitGuard;
}

/** A wanted slot: instants, or (the seed's local wall times) instants once the owner's zone is known. */
type SlotRequest = { start: number; end?: number } | ((ownerZone: string) => { start: number; end?: number });

/**
 * What a slot is judged by: fixed settings (the seed's grid), or an event type (absent: the default one)
 * with, for a booking, the length its `end` asks for and, for a reschedule, the booking's own length.
 */
type Judged = { fixed: SlotSettings } | { eventType?: OfferRequest; preferredMinutes?: number };

/**
 * Reads what a booking decision needs and explains the requested slot against it: one BatchGetItem
 * (user, schedule, calendar busy set, the event type named), for a decision to commit the BatchGetItem of
 * its guards, then the Query of the bookings around the slot's day.
 */
async function assess(
  ownerId: string,
  wanted: SlotRequest,
  judged: Judged,
  now: number,
  options: { forCommit: boolean; excludeBookingId?: string },
): Promise<Assessment> {
  const heads = await ownerHeads(ownerId, "fixed" in judged ? undefined : storedSlug(judged.eventType));
  const availability = heads.schedule?.availability ?? { zone: ownerZone(heads) };
  const slot = typeof wanted === "function" ? wanted(availability.zone) : wanted;
  const askedMinutes = slot.end === undefined ? undefined : (slot.end - slot.start) / MINUTE_MS;
  const offer =
    "fixed" in judged
      ? fixedOffer(judged.fixed)
      : resolveOffer(heads.schedule?.settings ?? DEFAULT_SETTINGS, heads.eventType, judged.eventType, judged.preferredMinutes ?? askedMinutes);
  const settings = offer.settings;
  // The whole owner-local day of the slot, so a daily maximum counts every booking of that day.
  const day = formatLocalDateTime(slot.start, availability.zone).slice(0, 10);
  // The guards are read before the bookings: a booking committed after this read bumps one of them, so
  // a decision on bookings read without it can never commit.
  const guard =
    options.forCommit && heads.schedule ? await readBookingGuards(ownerId, slotGuards(slot.start, offer, day)) : { ownerId, guards: [] };
  const bookings = heads.schedule ? await bookingsAround(ownerId, localDatesToRange(day, day, availability.zone)) : [];
  const others = bookings.filter((booking) => booking.bookingId !== options.excludeBookingId);
  const explanation = explainSlot(
    {
      availability,
      settings,
      now,
      bookings: engineBookings(others),
      calendarBusy: heads.calendar?.intervals ?? [],
      bookingsPerDay: settings.maxPerDay === undefined ? undefined : offer.countsPerDay(others, availability.zone),
    },
    slot,
  );
  return { explanation, guard, settings, offer, zone: availability.zone };
}

/**
 * The guards of a slot of the event type's length starting at `start` (a slot of another length is not
 * offered): its buffered hours, whatever the event type, and its type's daily maximum.
 */
function slotGuards(start: number, offer: Offer, localDay: string): string[] {
  const { settings } = offer;
  const minutes = (value: number | undefined) => (Number.isFinite(value) ? (value as number) : 0) * MINUTE_MS;
  const end = start + Math.max(minutes(settings.durationMinutes), MINUTE_MS);
  return guardsFor(
    { start: start - minutes(settings.bufferBeforeMinutes), end: end + minutes(settings.bufferAfterMinutes) },
    settings.maxPerDay === undefined ? undefined : dailyLimitGuard(localDay, offer.limitScope),
  );
}

interface NewBooking {
  ownerId: string;
  /** The slot wanted; an `end`, when given, must match the slot length. */
  slot: SlotRequest;
  invitee: { name: string; email?: string };
  note?: string;
  via: BookingRecord["via"];
  /** Fixed settings (the seed's 60-minute rule); otherwise the event type's. */
  settings?: SlotSettings;
  /** The event type booked and the length chosen (absent: the default event type). */
  eventType?: OfferRequest;
  /** Answers to the event type's questions, by question id. */
  answers?: Record<string, string>;
  idempotency?: { key: string; requestHash: string };
  now: number;
  /** The answer is due by then (the function's own timeout): retries stop in time to give it. */
  deadline?: number;
  /** Shapes the answer; the same answer is stored for idempotent replays. */
  present: (booking: BookingRecord, cancelToken: string, ownerZone: string) => HttpAnswer;
}

async function replay(ownerId: string, idempotency: { key: string; requestHash: string }): Promise<HttpAnswer | undefined> {
  const record = await findIdempotencyRecord(ownerId, idempotency.key, idempotency.requestHash);
  if (!record) return undefined;
  count("IdempotentReplays");
  return { status: record.status, body: record.body };
}

/** After the commit, the claim only saves others a wait (it expires by itself): a failure to give it up is logged, never answered. */
async function releaseQuietly(ownerId: string, start: number, holder: string): Promise<void> {
  try {
    await releaseSlotClaim(ownerId, start, holder);
  } catch (error) {
    logger.warn("slot claim not released; it expires by itself", { ownerId, start: isoUtc(start), error: error as Error });
  }
}

/**
 * Books a slot. The decision is read, then committed in one transaction that checks-and-bumps the guards
 * of the slot's time: if another booking committed under one of them in between, nothing is written and
 * the attempt starts over. Double booking is impossible by construction.
 */
export async function createBooking(request: NewBooking): Promise<HttpAnswer> {
  const { ownerId, idempotency } = request;
  if (idempotency) {
    const earlier = await replay(ownerId, idempotency);
    if (earlier) return earlier;
  }
  const holder = randomBytes(8).toString("hex");
  const deadline = retryDeadline(request.deadline);
  let claim: { start: number; until: number } | undefined;
  let lostRace = false;
  let waitingSince: number | undefined;
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS && Date.now() < deadline; attempt++) {
      const judged: Judged = request.settings ? { fixed: request.settings } : { eventType: request.eventType };
      const { explanation, guard, settings, offer, zone } = await assess(ownerId, request.slot, judged, request.now, { forCommit: true });
      // Answers are the caller's input: a 400 comes before any verdict on the slot.
      const answers = checkAnswers(offer.questions, request.answers);
      if (!explanation.offered) {
        // The same request sent twice at once: the other copy's booking is what occupies the slot.
        const earlier = idempotency && (await replay(ownerId, idempotency));
        if (earlier) return earlier;
        throw refusal(explanation);
      }
      // After a lost race, one request per slot start goes on to the transaction; the others wait and read
      // again, and see the slot taken (409) or free again. A claim that outlives its holder's need (the
      // holder died) is waited out, not obeyed: the transaction alone decides.
      const clock = Date.now();
      if (lostRace && (!claim || claim.until - clock < CLAIM_TTL_MS / 2)) {
        const start = explanation.slot.start;
        if (await claimSlot(ownerId, start, holder, clock, clock + CLAIM_TTL_MS)) {
          claim = { start, until: clock + CLAIM_TTL_MS };
        } else {
          claim = undefined;
          waitingSince ??= clock;
          if (clock - waitingSince < CLAIM_TTL_MS) {
            await waitForClaim();
            continue;
          }
        }
      }
      const answer = prepare(request, explanation, settings, zone, offer, answers);
      // The webhook outbox event commits with the booking, or neither does.
      const event = bookingEvent("booking.created", answer.booking, request.now);
      const outcome = await insertBooking(
        guard,
        answer.booking,
        idempotency ? { ...idempotency, status: answer.http.status, body: answer.http.body, expiresAt: request.now + IDEMPOTENCY_TTL_MS } : undefined,
        event,
      );
      if (outcome.ok) {
        count("BookingsCreated");
        await announceCommitted(event.eventId);
        return answer.http;
      }
      if (outcome.reason === "idempotency_key_exists" && idempotency) {
        const earlier = await replay(ownerId, idempotency);
        if (earlier) return earlier;
      }
      lostRace = true;
      count("ContentionRetries");
      await pause(attempt);
    }
  } finally {
    if (claim) await releaseQuietly(ownerId, claim.start, holder);
  }
  count("ContentionExhausted");
  throw conflict("The owner's schedule is changing too fast; try again", "schedule_contention");
}

function prepare(
  request: NewBooking,
  explanation: Explanation,
  settings: SlotSettings,
  zone: string,
  offer: Offer,
  answers: Record<string, string> | undefined,
): { booking: BookingRecord; http: HttpAnswer } {
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
    ...(offer.eventType ? { eventType: offer.eventType.slug } : {}),
    ...(answers ? { answers } : {}),
    ...(offer.eventType?.location ? { location: offer.eventType.location } : {}),
    sequence: 0,
  };
  return { booking, http: request.present(booking, cancelToken, zone) };
}

export interface BookingChange {
  ownerId: string;
  bookingId: string;
  /** The owner (or the admin) acts freely; an invitee proves themselves with the booking's cancel token. */
  actor: { kind: "owner" } | { kind: "invitee"; cancelToken: string | undefined };
  now: number;
  /** The answer is due by then (the function's own timeout). */
  deadline?: number;
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

/** What one attempt at a change decided: nothing to write (the answer as it is), or a replacement under a guard. */
type ChangePlan = { unchanged: BookingRecord } | { guard: CommitGuard; next: BookingRecord };

async function retrying(change: BookingChange, plan: (booking: BookingRecord) => Promise<ChangePlan>): Promise<BookingRecord> {
  const deadline = retryDeadline(change.deadline);
  for (let attempt = 0; attempt < MAX_ATTEMPTS && Date.now() < deadline; attempt++) {
    const booking = await loadForChange(change);
    const decided = await plan(booking);
    if ("unchanged" in decided) return decided.unchanged;
    const event = bookingEvent(decided.next.status === "cancelled" ? "booking.cancelled" : "booking.rescheduled", decided.next, change.now);
    const outcome = await replaceBooking(decided.guard, booking, decided.next, event);
    if (outcome.ok) {
      await announceCommitted(event.eventId);
      return decided.next;
    }
    count("ContentionRetries");
    await pause(attempt);
  }
  count("ContentionExhausted");
  throw conflict("The owner's schedule is changing too fast; try again", "schedule_contention");
}

/** Cancels a future booking; cancelling it again answers the same. */
export function cancelBooking(change: BookingChange): Promise<BookingRecord> {
  return retrying(change, async (booking) => {
    if (booking.status === "cancelled") return { unchanged: booking };
    if (booking.start <= change.now) throw unprocessable("A booking that has started cannot be cancelled", "booking_in_past");
    const stamp = isoUtc(change.now);
    // Freeing time makes no other booking wrong: no guard is involved.
    const next: BookingRecord = {
      ...booking,
      status: "cancelled",
      cancelledAt: stamp,
      cancelledBy: change.actor.kind,
      updatedAt: stamp,
      // The invite's CANCEL must outrank every REQUEST sent before it.
      sequence: inviteSequence(booking) + 1,
    };
    return { guard: { ownerId: change.ownerId, guards: [] }, next };
  });
}

/**
 * Moves a future booking to another offered slot in one transaction: the new time is taken (under its
 * guards) and the old released together, or nothing changes. The slot is judged by the booking's event
 * type as it is now, keeping the booking's length while the type still offers it.
 */
export function rescheduleBooking(change: BookingChange & { start: number; settings?: SlotSettings }): Promise<BookingRecord> {
  return retrying(change, async (booking) => {
    if (booking.status !== "confirmed") throw conflict("This booking was cancelled", "booking_cancelled");
    if (booking.start <= change.now) throw unprocessable("A booking that has started cannot be moved", "booking_in_past");
    const judged: Judged = change.settings
      ? { fixed: change.settings }
      : { eventType: { slug: booking.eventType }, preferredMinutes: (booking.end - booking.start) / MINUTE_MS };
    const { explanation, guard } = await assess(change.ownerId, { start: change.start }, judged, change.now, {
      forCommit: true,
      excludeBookingId: booking.bookingId,
    }).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === "event_type_not_found") {
        throw conflict(`This booking's event type '${booking.eventType}' was deleted: the booking can be cancelled, not moved`, "event_type_deleted");
      }
      throw error;
    });
    if (!explanation.offered) throw refusal(explanation);
    const next: BookingRecord = {
      ...booking,
      start: explanation.slot.start,
      end: explanation.slot.end,
      rescheduledFrom: { start: booking.start, end: booking.end },
      updatedAt: isoUtc(change.now),
      sequence: inviteSequence(booking) + 1,
    };
    return { guard, next };
  });
}

/** Explains why a slot is or is not offered for an event type (absent: the default one), with the same inputs booking uses. */
export async function explainTime(
  ownerId: string,
  slot: { start: number; end?: number },
  now: number,
  eventType?: OfferRequest,
): Promise<Explanation> {
  return (await assess(ownerId, slot, { eventType }, now, { forCommit: false })).explanation;
}
