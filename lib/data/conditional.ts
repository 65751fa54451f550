import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";

/** Awaits a conditional write: true when it was applied, false when its condition failed; other errors throw. */
export async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
