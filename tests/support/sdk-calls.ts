import { db } from "../../lib/data/client.js";

/** A DynamoDB request as the app's client sends it: the command's name and its input. */
export interface SdkRequest {
  command: string;
  input: Record<string, any>;
}

/** Runs `fn` with `onRequest` called before every DynamoDB request the app's client sends meanwhile. */
export async function duringSdkRequests<T>(onRequest: (request: SdkRequest) => void | Promise<void>, fn: () => Promise<T>): Promise<T> {
  const name = `observer-${Math.random()}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      await onRequest({ command: String(context.commandName), input: (args.input ?? {}) as Record<string, any> });
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

/** Records the name of every DynamoDB command the app's client sends while `fn` runs. */
export async function countSdkCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
  const calls: string[] = [];
  const result = await duringSdkRequests((request) => void calls.push(request.command), fn);
  return { result, calls };
}
