import { DeleteCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { tableNames } from "../config/env.js";
import type { PresenceStatus, StatusEntry } from "../presence/presence.js";
import { db } from "./client.js";
import { statusKey, statusPartition, type StatusSource } from "./keys.js";

/** The status entries of one user (manual and calendar), expired ones included: the caller judges expiry. */
export async function readStatusEntries(userId: string): Promise<Partial<Record<StatusSource, StatusEntry>>> {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableNames.status,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": statusPartition(userId).pk },
      ConsistentRead: true,
    }),
  );
  const entries: Partial<Record<StatusSource, StatusEntry>> = {};
  for (const item of Items) {
    const source = item.source as StatusSource;
    entries[source] = {
      status: item.status as PresenceStatus,
      startsAt: item.startsAt as number,
      expiresAt: (item.ttl as number) * 1000,
    };
  }
  return entries;
}

/** Writes one entry; `ttl` (epoch seconds) lets DynamoDB delete it once expired. */
export async function writeStatusEntry(userId: string, source: StatusSource, entry: StatusEntry): Promise<void> {
  await db().send(new PutCommand(statusEntryPut(userId, source, entry)));
}

function statusEntryPut(userId: string, source: StatusSource, entry: StatusEntry) {
  return {
    TableName: tableNames.status,
    Item: {
      ...statusKey(userId, source),
      userId,
      source,
      status: entry.status,
      startsAt: entry.startsAt,
      ttl: Math.ceil(entry.expiresAt / 1000),
    },
  };
}

/** The entry written (or, undefined, removed) as one item of a TransactWriteItems. */
export function statusEntryWrite(userId: string, source: StatusSource, entry: StatusEntry | undefined) {
  return entry ? { Put: statusEntryPut(userId, source, entry) } : { Delete: { TableName: tableNames.status, Key: statusKey(userId, source) } };
}

export async function deleteStatusEntry(userId: string, source: StatusSource): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableNames.status, Key: statusKey(userId, source) }));
}
