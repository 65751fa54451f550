// Every route of the HTTP API, in the order the OpenAPI document lists them.
import type { RouteContract } from "../http/contract.js";
import * as meta from "./meta.js";
import * as presence from "./presence.js";
import * as seedPresence from "./seed-presence.js";
import * as users from "./users.js";

export const routes: RouteContract[] = [
  users.createUser,
  users.getUser,
  users.updateUser,
  users.rotateApiKey,
  presence.putStatus,
  presence.getStatus,
  presence.clearStatus,
  seedPresence.seedSetStatus,
  seedPresence.seedGetStatus,
  meta.getOpenApi,
] as RouteContract[];
