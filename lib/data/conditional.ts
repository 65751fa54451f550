import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";

/** True when a write was refused because its condition did not hold (any other error is a real failure). */
export function conditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as Error | undefined)?.name === "ConditionalCheckFailedException";
}

/** Awaits a conditional write: true when it was applied, false when its condition failed; other errors throw. */
export async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}
