import { formatLocalDateTime, type SlotSettings } from "../engine/index.js";
import type { EventQuestion, EventTypeRecord } from "../data/event-types-repo.js";
import type { BookingRecord } from "../data/schedules-repo.js";
import { invalid, notFound } from "../errors.js";
import { DEFAULT_EVENT_TYPE } from "./schemas.js";

/** Which event type a search, an explanation or a booking is about, and the length chosen. */
export interface OfferRequest {
  /** Absent or `default`: the default event type (the owner's schedule settings). */
  slug?: string;
  durationMinutes?: number;
}

/** An event type mapped onto what the engine and the booking guards take. */
export interface Offer {
  /** The stored event type; undefined for the default one. */
  eventType: EventTypeRecord | undefined;
  settings: SlotSettings;
  questions: readonly EventQuestion[];
  /**
   * Bookings already counted toward this event type's daily limit, by owner-local date (the engine's
   * `bookingsPerDay`): undefined to let the engine count every booking (the seed's fixed grid).
   */
  countsPerDay(bookings: readonly BookingRecord[], zone: string): Record<string, number> | undefined;
  /** The event type's own daily-limit scope (see time-guards.ts): undefined for the default one. */
  limitScope: string | undefined;
}

/** The event type a request names (its `eventType` and `durationMinutes`), or undefined when it names none. */
export const eventTypeOf = (request: { eventType?: string; durationMinutes?: number }): OfferRequest | undefined =>
  request.eventType === undefined && request.durationMinutes === undefined
    ? undefined
    : { slug: request.eventType, durationMinutes: request.durationMinutes };

/** The slug of the stored event type a request needs read, if any. */
export const storedSlug = (request: OfferRequest | undefined): string | undefined =>
  request?.slug === undefined || request.slug === DEFAULT_EVENT_TYPE ? undefined : request.slug;

function countBy(bookings: readonly BookingRecord[], zone: string, counts: (booking: BookingRecord) => boolean): Record<string, number> {
  const perDay: Record<string, number> = {};
  for (const booking of bookings) {
    if (booking.end <= booking.start || !counts(booking)) continue;
    const day = formatLocalDateTime(booking.start, zone).slice(0, 10);
    perDay[day] = (perDay[day] ?? 0) + 1;
  }
  return perDay;
}

/**
 * The length asked for (400 unless it is one of the choices), else the preferred one when it is a choice
 * (a booking's `end`, a rescheduled booking's own length), else the first choice.
 */
function chooseLength(choices: readonly number[], asked: number | undefined, preferred: number | undefined): number {
  if (asked !== undefined) {
    if (!choices.includes(asked)) throw invalid(`durationMinutes must be one of ${choices.join(", ")}`, "duration_not_offered", { choices });
    return asked;
  }
  return preferred !== undefined && choices.includes(preferred) ? preferred : choices[0]!;
}

/** Slots of a fixed grid (the seed routes): no event type, every booking counts toward a daily limit. */
export function fixedOffer(settings: SlotSettings): Offer {
  return { eventType: undefined, settings, questions: [], countsPerDay: () => undefined, limitScope: undefined };
}

/**
 * The offer of an event type: the default one from the owner's settings, or the stored one read with the
 * owner's heads (404 `event_type_not_found` when the named one is missing). Each event type's daily limit
 * counts its own bookings (as Calendly's does); the default type counts the bookings without an event type.
 */
export function resolveOffer(
  ownerSettings: SlotSettings,
  stored: EventTypeRecord | undefined,
  request: OfferRequest | undefined,
  preferredMinutes?: number,
): Offer {
  const slug = storedSlug(request);
  if (slug === undefined) {
    const settings = { ...ownerSettings, durationMinutes: chooseLength([ownerSettings.durationMinutes], request?.durationMinutes, undefined) };
    return {
      eventType: undefined,
      settings,
      questions: [],
      countsPerDay: (bookings, zone) => countBy(bookings, zone, (booking) => booking.eventType === undefined),
      limitScope: undefined,
    };
  }
  if (!stored || stored.slug !== slug) throw notFound(`No event type '${slug}'`, "event_type_not_found");
  const settings: SlotSettings = {
    durationMinutes: chooseLength(stored.durationMinutes, request?.durationMinutes, preferredMinutes),
    ...(stored.stepMinutes === undefined ? {} : { stepMinutes: stored.stepMinutes }),
    ...(stored.alignment === undefined ? {} : { alignment: stored.alignment }),
    ...(stored.bufferBeforeMinutes === undefined ? {} : { bufferBeforeMinutes: stored.bufferBeforeMinutes }),
    ...(stored.bufferAfterMinutes === undefined ? {} : { bufferAfterMinutes: stored.bufferAfterMinutes }),
    ...(stored.minimumNoticeMinutes === undefined ? {} : { minimumNoticeMinutes: stored.minimumNoticeMinutes }),
    ...(stored.horizonDays === undefined ? {} : { horizonDays: stored.horizonDays }),
    ...(stored.maxPerDay === undefined ? {} : { maxPerDay: stored.maxPerDay }),
  };
  return {
    eventType: stored,
    settings,
    questions: stored.questions,
    countsPerDay: (bookings, zone) => countBy(bookings, zone, (booking) => booking.eventType === slug),
    limitScope: slug,
  };
}
