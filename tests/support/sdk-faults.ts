import { db } from "../../lib/data/client.js";

/** A DynamoDB request as the app's client sends it: the command's name and its (document) input. */
export interface SdkRequest {
  command: string;
  input: Record<string, any>;
}

/**
 * Makes the app's DynamoDB client fail every request that `matches` (as a network or service fault would)
 * while `fn` runs; DynamoDB Local answers all the others. Returns `fn`'s result and how many requests failed.
 */
export async function failingSdkRequests<T>(matches: (request: SdkRequest) => boolean, fn: () => Promise<T>): Promise<{ result: T; failed: number }> {
  let failed = 0;
  const name = `fault-${Math.random()}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      if (matches({ command: String(context.commandName), input: (args.input ?? {}) as Record<string, any> })) {
        failed++;
        throw Object.assign(new Error("Injected fault: service unavailable"), { name: "ServiceUnavailable", $fault: "server" });
      }
      return next(args);
    },
    { step: "initialize", name },
  );
  try {
    return { result: await fn(), failed };
  } finally {
    db().middlewareStack.remove(name);
  }
}

/**
 * Runs `interfere` once, just before the first request that `matches` is sent while `fn` runs: a change
 * made by another writer at the worst moment (between a read and the write that relies on it).
 */
export async function interfereOnce<T>(matches: (request: SdkRequest) => boolean, interfere: () => Promise<unknown>, fn: () => Promise<T>): Promise<T> {
  let done = false;
  const name = `interfere-${Math.random()}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      if (!done && matches({ command: String(context.commandName), input: (args.input ?? {}) as Record<string, any> })) {
        done = true;
        await interfere();
      }
      return next(args);
    },
    { step: "initialize", name },
  );
  try {
    return await fn();
  } finally {
    db().middlewareStack.remove(name);
  }
}
