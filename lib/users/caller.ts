import type { UserRecord } from "../data/users-repo.js";

/** Who is acting: the admin, or a user proven by their API key. */
export type Caller = { kind: "admin" } | { kind: "user"; userId: string; user: UserRecord };
