import {
  countEventTypes,
  deleteEventType,
  findEventType,
  insertEventType,
  listEventTypes,
  replaceEventType,
  type EventTypeDefinition,
  type EventTypeRecord,
} from "../data/event-types-repo.js";
import type { ScheduleRecord } from "../data/schedules-repo.js";
import { readSchedule } from "../booking/availability-service.js";
import { conflict, invalid, notFound } from "../errors.js";
import { isoUtc } from "../time/iso.js";
import { DEFAULT_EVENT_TYPE, MAX_EVENT_TYPES, applyPatch, eventTypeDefinitionSchema, type EventTypePatch } from "./schemas.js";

/** An event type as the routes show it: a stored one, or the default one made from the schedule. */
export interface EventTypeEntry {
  eventType: Omit<EventTypeRecord, "createdAt" | "updatedAt"> & { createdAt?: string; updatedAt?: string };
  isDefault: boolean;
}

const MAX_ATTEMPTS = 10;

const readOnlyDefault = () =>
  conflict(
    `'${DEFAULT_EVENT_TYPE}' is the default event type, made from the owner's slot settings: change them with PUT /v1/users/{userId}/availability`,
    "default_event_type",
  );

const missing = (slug: string) => notFound(`No event type '${slug}'`, "event_type_not_found");

/** The default event type: the schedule's settings (its version and time are the schedule's). */
function defaultEntry(ownerId: string, schedule: ScheduleRecord): EventTypeEntry {
  const { durationMinutes, stepMinutes, alignment, bufferBeforeMinutes, bufferAfterMinutes, minimumNoticeMinutes, horizonDays, maxPerDay } =
    schedule.settings;
  const optional = { stepMinutes, alignment, bufferBeforeMinutes, bufferAfterMinutes, minimumNoticeMinutes, horizonDays, maxPerDay };
  return {
    isDefault: true,
    eventType: {
      ownerId,
      slug: DEFAULT_EVENT_TYPE,
      title: `${durationMinutes} minute meeting`,
      durationMinutes: [durationMinutes],
      ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
      questions: [],
      hidden: false,
      version: schedule.version,
      ...(schedule.updatedAt ? { updatedAt: schedule.updatedAt } : {}),
    },
  };
}

/** The definition part of a stored event type (what a change is merged into). */
function definitionOf(record: EventTypeRecord): EventTypeDefinition {
  const { ownerId: _owner, slug: _slug, version: _version, createdAt: _created, updatedAt: _updated, ...definition } = record;
  return definition;
}

export async function createEventType(ownerId: string, slug: string, definition: EventTypeDefinition, now: number): Promise<EventTypeRecord> {
  if (slug === DEFAULT_EVENT_TYPE) throw conflict(`The slug '${DEFAULT_EVENT_TYPE}' is the default event type's`, "event_type_exists");
  // Checked before the write: owners racing their own creations may pass the limit by a few.
  if ((await countEventTypes(ownerId)) >= MAX_EVENT_TYPES) {
    throw conflict(`An owner has at most ${MAX_EVENT_TYPES} event types`, "too_many_event_types");
  }
  const stamp = isoUtc(now);
  const record: EventTypeRecord = { ownerId, slug, ...definition, version: 1, createdAt: stamp, updatedAt: stamp };
  if (!(await insertEventType(record))) throw conflict(`An event type '${slug}' exists already`, "event_type_exists");
  return record;
}

/** One event type, the default one included; 404 for an unknown owner or slug. */
export async function readEventType(ownerId: string, slug: string): Promise<EventTypeEntry> {
  if (slug === DEFAULT_EVENT_TYPE) return defaultEntry(ownerId, await readSchedule(ownerId));
  const record = await findEventType(ownerId, slug);
  if (!record) throw missing(slug);
  return { eventType: record, isDefault: false };
}

/** The default event type first, then the stored ones by slug; 404 for an unknown owner. */
export async function listOwnerEventTypes(ownerId: string): Promise<EventTypeEntry[]> {
  const [schedule, stored] = await Promise.all([readSchedule(ownerId), listEventTypes(ownerId)]);
  return [defaultEntry(ownerId, schedule), ...stored.map((eventType) => ({ eventType, isDefault: false }))];
}

/** Applies a change under the version check (a concurrent change makes it apply again to fresh data). */
export async function changeEventType(ownerId: string, slug: string, patch: EventTypePatch, now: number): Promise<EventTypeRecord> {
  if (slug === DEFAULT_EVENT_TYPE) throw readOnlyDefault();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await findEventType(ownerId, slug);
    if (!current) throw missing(slug);
    const merged = eventTypeDefinitionSchema.safeParse(applyPatch(definitionOf(current), patch));
    if (!merged.success) {
      const details = merged.error.issues.map((issue) => ({ location: "body", path: issue.path.map(String).join("."), message: issue.message }));
      throw invalid(`Invalid event type: ${details[0]!.path} ${details[0]!.message}`, "validation_failed", details);
    }
    const next: EventTypeRecord = {
      ownerId,
      slug,
      ...merged.data,
      version: current.version + 1,
      createdAt: current.createdAt,
      updatedAt: isoUtc(now),
    };
    if (await replaceEventType(next, current.version)) return next;
  }
  throw conflict("The event type is changing too fast; try again", "event_type_contention");
}

/** Deletes a stored event type; its bookings stay as they are (with their event type's slug and answers). */
export async function removeEventType(ownerId: string, slug: string): Promise<void> {
  if (slug === DEFAULT_EVENT_TYPE) throw readOnlyDefault();
  if (!(await deleteEventType(ownerId, slug))) throw missing(slug);
}
