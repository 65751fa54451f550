import { randomBytes } from "node:crypto";
import { handler as createUserHandler } from "../../functions/users/create-user.js";
import { TEST_ADMIN_KEY } from "./constants.js";
import { invoke } from "./lambda.js";

export const adminHeaders = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** A unique id per call, so test files sharing one database never collide. */
export const uniqueId = (prefix = "u") => `${prefix}-${randomBytes(5).toString("hex")}`;

export async function createTestUser(fields: Record<string, unknown> = {}): Promise<{ id: string; apiKey: string }> {
  const response = await invoke(createUserHandler, {
    method: "POST",
    path: "/v1/users",
    headers: adminHeaders,
    body: { id: uniqueId(), ...fields },
  });
  if (response.status !== 201) throw new Error(`could not create user: ${response.raw}`);
  return { id: response.body.id, apiKey: response.body.apiKey };
}
