import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Alignment } from "../engine/index.js";
import { tableNames } from "../config/env.js";
import { db } from "./client.js";
import { conditionFailed } from "./conditional.js";
import { EVENT_TYPE_PREFIX, eventTypeKey, ownerPartition } from "./keys.js";

/** Where the meeting happens: free text (an address, a phone number) or a link. */
export type EventLocation = { kind: "text"; text: string } | { kind: "url"; url: string };

/** A question the invitee answers when booking. */
export type EventQuestion =
  | { id: string; label: string; type: "short_text" | "long_text"; required: boolean }
  | { id: string; label: string; type: "choice"; required: boolean; options: string[] };

/** What the owner defines: everything of an event type but its identity and bookkeeping. */
export interface EventTypeDefinition {
  title: string;
  description?: string;
  /** The lengths an invitee may choose from; the first is the default. */
  durationMinutes: number[];
  location?: EventLocation;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  minimumNoticeMinutes?: number;
  horizonDays?: number;
  maxPerDay?: number;
  stepMinutes?: number;
  alignment?: Alignment;
  questions: EventQuestion[];
  /** Left out of the public listing; still readable and bookable by its slug (a secret link). */
  hidden: boolean;
}

export interface EventTypeRecord extends EventTypeDefinition {
  ownerId: string;
  slug: string;
  /** Bumped by every change. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function eventTypeFromItem(item: Record<string, unknown> | undefined): EventTypeRecord | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as unknown as EventTypeRecord;
}

const itemOf = (record: EventTypeRecord) => ({ ...eventTypeKey(record.ownerId, record.slug), ...record });


/** Stores a new event type; false when the owner already has one with that slug. */
export async function insertEventType(record: EventTypeRecord): Promise<boolean> {
  try {
    await db().send(new PutCommand({ TableName: tableNames.schedules, Item: itemOf(record), ConditionExpression: "attribute_not_exists(pk)" }));
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** Replaces an event type if it is still at `expectedVersion`; false otherwise (changed or deleted meanwhile). */
export async function replaceEventType(record: EventTypeRecord, expectedVersion: number): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableNames.schedules,
        Item: itemOf(record),
        ConditionExpression: "version = :expected",
        ExpressionAttributeValues: { ":expected": expectedVersion },
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

export async function findEventType(ownerId: string, slug: string): Promise<EventTypeRecord | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableNames.schedules, Key: eventTypeKey(ownerId, slug), ConsistentRead: true }));
  return eventTypeFromItem(Item);
}

/** Every event type of an owner, by slug (one Query; more pages only past 1 MB). */
export async function listEventTypes(ownerId: string): Promise<EventTypeRecord[]> {
  const records: EventTypeRecord[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableNames.schedules,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": ownerPartition(ownerId).pk, ":prefix": EVENT_TYPE_PREFIX },
        ConsistentRead: true,
        ExclusiveStartKey: after,
      }),
    );
    for (const item of page.Items ?? []) records.push(eventTypeFromItem(item)!);
    after = page.LastEvaluatedKey;
  } while (after);
  return records;
}

/** How many event types an owner has (a COUNT Query: no items read back). */
export async function countEventTypes(ownerId: string): Promise<number> {
  let count = 0;
  let after: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableNames.schedules,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": ownerPartition(ownerId).pk, ":prefix": EVENT_TYPE_PREFIX },
        Select: "COUNT",
        ConsistentRead: true,
        ExclusiveStartKey: after,
      }),
    );
    count += page.Count ?? 0;
    after = page.LastEvaluatedKey;
  } while (after);
  return count;
}

/** Deletes an event type; false when there was none. Bookings made with it keep their own copy of what matters. */
export async function deleteEventType(ownerId: string, slug: string): Promise<boolean> {
  try {
    await db().send(new DeleteCommand({ TableName: tableNames.schedules, Key: eventTypeKey(ownerId, slug), ConditionExpression: "attribute_exists(pk)" }));
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}
