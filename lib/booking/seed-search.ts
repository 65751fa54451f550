import { type HttpAnswer, seedLocal } from "./present.js";
import { SEED_SETTINGS } from "./settings.js";
import { searchSlots } from "./slot-search.js";

/** The seed booking system's search: 60-minute slots of one owner-local date, in the owner's wall time. */
export async function seedSearch(owner: string, date: string, ifNoneMatch: string | undefined, now: number): Promise<HttpAnswer> {
  const result = await searchSlots({ ownerId: owner, window: { from: date, to: date }, settings: SEED_SETTINGS, ifNoneMatch, now });
  const headers = { etag: result.etag, "cache-control": "no-cache" };
  if (result.notModified) return { status: 304, headers };
  const available_slots = result.slots.map((slot) => ({
    start: seedLocal(slot.start, result.ownerZone),
    end: seedLocal(slot.end, result.ownerZone),
  }));
  return { status: 200, headers, body: { available_slots } };
}
