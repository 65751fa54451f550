import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { tableNames } from "../config/env.js";
import { db } from "./client.js";
import { userKey } from "./keys.js";

export interface UserRecord {
  id: string;
  name: string;
  timezone: string;
  calendarUrl: string | null;
  apiKeyHash: string;
  createdAt: string;
  updatedAt: string;
}

export class UserExistsError extends Error {}

function fromItem(item: Record<string, unknown>): UserRecord {
  return {
    id: item.id as string,
    name: item.name as string,
    timezone: item.timezone as string,
    calendarUrl: (item.calendarUrl as string | undefined) ?? null,
    apiKeyHash: item.apiKeyHash as string,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}

/** Creates the user; throws UserExistsError when the id is taken (the database decides, not a prior read). */
export async function insertUser(user: UserRecord): Promise<void> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableNames.users,
        Item: { ...userKey(user.id), ...user, calendarUrl: user.calendarUrl ?? undefined },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new UserExistsError(user.id);
    throw error;
  }
}

export async function findUser(userId: string): Promise<UserRecord | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableNames.users, Key: userKey(userId), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

export interface UserChanges {
  name?: string;
  timezone?: string;
  /** null removes the calendar URL. */
  calendarUrl?: string | null;
  apiKeyHash?: string;
}

/** Applies the changes to an existing user and returns it; undefined when the user does not exist. */
export async function updateUserRecord(
  userId: string,
  changes: UserChanges,
  updatedAt: string,
): Promise<UserRecord | undefined> {
  const sets: string[] = ["#updatedAt = :updatedAt"];
  const removes: string[] = [];
  const names: Record<string, string> = { "#updatedAt": "updatedAt" };
  const values: Record<string, unknown> = { ":updatedAt": updatedAt };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === null) {
      removes.push(`#${field}`);
    } else {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableNames.users,
        Key: userKey(userId),
        UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes ? fromItem(Attributes) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}
