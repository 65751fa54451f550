import type { Caller } from "../users/caller.js";

/** The owner's own key or the admin's: they read event types in full; anyone else reads the public view. */
export const actsAsOwner = (caller: Caller | undefined, ownerId: string): boolean =>
  caller?.kind === "admin" || (caller?.kind === "user" && caller.userId === ownerId);
