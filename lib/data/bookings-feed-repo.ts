import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { tableNames } from "../config/env.js";
import { db } from "./client.js";
import { conditionFailed } from "./conditional.js";
import { userKey } from "./keys.js";

/**
 * The owner's bookings-feed token, kept on the user's item as the SHA-256 of the token (`bookingsFeedTokenHash`),
 * beside the API key's hash and independent of it: rotating one never touches the other.
 */

/** Stores the hash of a new feed token (replacing any earlier one); false when the user does not exist. */
export async function saveBookingsFeedTokenHash(userId: string, hash: string, issuedAt: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableNames.users,
        Key: userKey(userId),
        UpdateExpression: "SET bookingsFeedTokenHash = :hash, bookingsFeedTokenIssuedAt = :issuedAt",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":hash": hash, ":issuedAt": issuedAt },
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** Removes the feed token (nothing happens when there is none or no such user). */
export async function removeBookingsFeedTokenHash(userId: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableNames.users,
        Key: userKey(userId),
        UpdateExpression: "REMOVE bookingsFeedTokenHash, bookingsFeedTokenIssuedAt",
        ConditionExpression: "attribute_exists(pk)",
      }),
    );
  } catch (error) {
    if (!conditionFailed(error)) throw error;
  }
}

/** What the feed needs of its owner: the name it shows and the token's hash (undefined: no user, or no token). */
export async function findBookingsFeedOwner(userId: string): Promise<{ name: string; tokenHash: string | undefined } | undefined> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableNames.users,
      Key: userKey(userId),
      ConsistentRead: true,
      ProjectionExpression: "#name, bookingsFeedTokenHash",
      ExpressionAttributeNames: { "#name": "name" },
    }),
  );
  if (!Item) return undefined;
  return { name: String(Item.name ?? userId), tokenHash: Item.bookingsFeedTokenHash as string | undefined };
}
