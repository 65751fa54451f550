import type { RouteContract } from "../http/contract.js";

const patternOf = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`);

/** The methods the API answers on a concrete path (empty when no route has that path). */
export function methodsForPath(routes: RouteContract[], path: string): string[] {
  return routes.filter((route) => patternOf(route.path).test(path)).map((route) => route.method);
}
