import { slotsFor, type Slot, type SlotSettings } from "../engine/index.js";
import { fixedOffer, resolveOffer, storedSlug, type Offer, type OfferRequest } from "../event-types/offer.js";
import { localDatesToRange, ownerDatesOf } from "./dates.js";
import { etagMatches, slotSearchEtag } from "./etag.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import { bookingsAround, engineBookings, ownerHeads, ownerZone } from "./snapshot.js";

interface SlotSearchRequest {
  ownerId: string;
  /** Slots starting on these dates (inclusive) of `zone` (default: the owner's zone) are returned. */
  window: { from: string; to: string; zone?: string };
  /** Fixed settings (the seed routes); otherwise the event type's (default: the owner's own settings). */
  settings?: SlotSettings;
  /** The event type and length searched (not with fixed settings). */
  eventType?: OfferRequest;
  ifNoneMatch?: string;
  now: number;
}

type SlotSearchResult =
  | { notModified: true; etag: string }
  | { notModified: false; etag: string; slots: Slot[]; ownerZone: string; zone: string; settings: SlotSettings };

/**
 * Free slots of an owner in a range: one BatchGetItem (user, schedule, calendar busy set, the event type
 * named) and one Query of the bookings around the range (none without a schedule); the ETag covers both,
 * so a matching one skips the computation and the body. Never a Scan.
 */
export async function searchSlots(request: SlotSearchRequest): Promise<SlotSearchResult> {
  const heads = await ownerHeads(request.ownerId, request.settings ? undefined : storedSlug(request.eventType));
  // The grid is the owner's (clock alignment uses the owner's settings), whatever zone the caller reads in,
  // so that a slot offered here is exactly one that booking accepts.
  const offer: Offer = request.settings
    ? fixedOffer(request.settings)
    : resolveOffer(heads.schedule?.settings ?? DEFAULT_SETTINGS, heads.eventType, request.eventType);
  const settings = offer.settings;
  const zone = request.window.zone ?? ownerZone(heads);
  const range = localDatesToRange(request.window.from, request.window.to, zone);
  const bookings = heads.schedule ? await bookingsAround(request.ownerId, range) : [];
  const etag = slotSearchEtag({
    ownerId: request.ownerId,
    scheduleVersion: heads.schedule?.version ?? 0,
    calendarVersion: heads.calendar?.version,
    bookings,
    // A named event type's definition is part of the answer: its settings and version are in the query.
    query: JSON.stringify([
      request.window.from,
      request.window.to,
      zone,
      request.settings ?? null,
      ...(request.eventType === undefined ? [] : [request.eventType, settings, offer.eventType?.version ?? null, offer.eventType?.updatedAt ?? null]),
    ]),
    now: request.now,
  });
  if (etagMatches(request.ifNoneMatch, etag)) return { notModified: true, etag };
  if (!heads.schedule) return { notModified: false, etag, slots: [], ownerZone: ownerZone(heads), zone, settings };

  const slots = slotsFor({
    availability: heads.schedule.availability,
    dates: ownerDatesOf(range, ownerZone(heads)),
    settings,
    now: request.now,
    bookings: engineBookings(bookings),
    calendarBusy: heads.calendar?.intervals ?? [],
    bookingsPerDay: settings.maxPerDay === undefined ? undefined : offer.countsPerDay(bookings, heads.schedule.availability.zone),
  }).filter((slot) => slot.start >= range.start && slot.start < range.end);
  return { notModified: false, etag, slots, ownerZone: ownerZone(heads), zone, settings };
}
