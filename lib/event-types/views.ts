import type { EventTypeEntry } from "./event-types-service.js";

/** An event type as its owner reads it: everything stored. */
export function eventTypeView({ eventType, isDefault }: EventTypeEntry) {
  const { ownerId, ...fields } = eventType;
  return { userId: ownerId, ...fields, isDefault };
}

/**
 * An event type as anyone reads it (the invitee's booking page): what to choose and answer, not how the
 * owner's calendar is run. A link location is named but not shown: the booking's answer carries it.
 */
export function publicEventTypeView({ eventType, isDefault }: EventTypeEntry) {
  const { location } = eventType;
  return {
    userId: eventType.ownerId,
    slug: eventType.slug,
    title: eventType.title,
    ...(eventType.description ? { description: eventType.description } : {}),
    durationMinutes: eventType.durationMinutes,
    ...(location ? { location: location.kind === "url" ? { kind: "url" as const } : location } : {}),
    questions: eventType.questions,
    isDefault,
  };
}
