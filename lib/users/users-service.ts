import { insertUser, findUser, updateUserRecord, UserExistsError, type UserChanges, type UserRecord } from "../data/users-repo.js";
import { conflict, notFound } from "../http/errors.js";
import { isoUtc } from "../time/iso.js";
import { issueApiKey } from "./api-keys.js";
import { generateUserId } from "./user-id.js";

/** What the API shows of a user: never the key hash. */
export interface UserView {
  id: string;
  name: string;
  timezone: string;
  calendarUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export function userView(user: UserRecord): UserView {
  const { id, name, timezone, calendarUrl, createdAt, updatedAt } = user;
  return { id, name, timezone, calendarUrl, createdAt, updatedAt };
}

export interface NewUser {
  id?: string;
  name?: string;
  timezone?: string;
  calendarUrl?: string | null;
}

export async function createUser(input: NewUser, now: number): Promise<UserView & { apiKey: string }> {
  const id = input.id ?? generateUserId();
  const key = issueApiKey(id);
  const stamp = isoUtc(now);
  const record: UserRecord = {
    id,
    name: input.name ?? id,
    timezone: input.timezone ?? "UTC",
    calendarUrl: input.calendarUrl ?? null,
    apiKeyHash: key.hash,
    createdAt: stamp,
    updatedAt: stamp,
  };
  try {
    await insertUser(record);
  } catch (error) {
    if (error instanceof UserExistsError) throw conflict(`User id '${id}' is taken`, "user_exists");
    throw error;
  }
  return { ...userView(record), apiKey: key.apiKey };
}

export async function requireUser(userId: string): Promise<UserRecord> {
  const user = await findUser(userId);
  if (!user) throw notFound(`No user '${userId}'`, "user_not_found");
  return user;
}

export async function updateUser(userId: string, changes: UserChanges, now: number): Promise<UserView> {
  const updated = await updateUserRecord(userId, changes, isoUtc(now));
  if (!updated) throw notFound(`No user '${userId}'`, "user_not_found");
  return userView(updated);
}

/** Replaces the user's key: the old one fails from the next request on. */
export async function rotateApiKey(userId: string, now: number): Promise<{ userId: string; apiKey: string }> {
  const key = issueApiKey(userId);
  await updateUser(userId, { apiKeyHash: key.hash }, now);
  return { userId, apiKey: key.apiKey };
}
