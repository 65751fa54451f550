import { duringSdkRequests, type SdkRequest } from "./sdk-calls.js";

export type { SdkRequest } from "./sdk-calls.js";

/**
 * Makes the app's DynamoDB client fail every request that `matches` (as a network or service fault would)
 * while `fn` runs; DynamoDB Local answers all the others. Returns `fn`'s result and how many requests failed.
 */
export async function failingSdkRequests<T>(matches: (request: SdkRequest) => boolean, fn: () => Promise<T>): Promise<{ result: T; failed: number }> {
  let failed = 0;
  const result = await duringSdkRequests((request) => {
    if (!matches(request)) return;
    failed++;
    throw Object.assign(new Error("Injected fault: service unavailable"), { name: "ServiceUnavailable", $fault: "server" });
  }, fn);
  return { result, failed };
}

/**
 * Runs `interfere` once, just before the first request that `matches` is sent while `fn` runs: a change
 * made by another writer at the worst moment (between a read and the write that relies on it).
 */
export async function interfereOnce<T>(matches: (request: SdkRequest) => boolean, interfere: () => Promise<unknown>, fn: () => Promise<T>): Promise<T> {
  let done = false;
  return duringSdkRequests(async (request) => {
    if (done || !matches(request)) return;
    done = true;
    await interfere();
  }, fn);
}
