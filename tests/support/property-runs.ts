/**
 * How many cases a property runs: the full count in `npm test` (and CI); `npm run test:unit` sets
 * PROPERTY_RUNS_SCALE to shrink every count for a quick edit-test loop (fresh random seeds each run).
 */
export function propertyRuns(full: number): number {
  const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);
  if (!Number.isFinite(scale) || scale <= 0 || scale >= 1) return full;
  return Math.max(20, Math.round(full * scale));
}
