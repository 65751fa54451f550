import { db } from "../../lib/data/client.js";

/** Records the name of every DynamoDB command the app's client sends while `fn` runs. */
export async function countSdkCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
  const calls: string[] = [];
  const name = `count-${Math.random()}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize", name },
  );
  try {
    return { result: await fn(), calls };
  } finally {
    db().middlewareStack.remove(name);
  }
}
