// After `serverless package` (`npm run package`): fails when any function's zip exceeds the budget.
// A large bundle costs cold-start time on every new instance (see `npm run bench:cold-start`).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const BUDGET_BYTES = 300 * 1024;
const dir = process.argv[2] ?? ".serverless";

const zips = readdirSync(dir).filter((name) => name.endsWith(".zip"));
if (zips.length === 0) {
  console.error(`check-bundle-sizes: no zip in ${dir}; run serverless package first`);
  process.exit(1);
}
const sizes = zips.map((name) => ({ name, bytes: statSync(join(dir, name)).size })).sort((a, b) => b.bytes - a.bytes);
const over = sizes.filter((zip) => zip.bytes > BUDGET_BYTES);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
if (over.length > 0) {
  console.error(`check-bundle-sizes: over the ${kb(BUDGET_BYTES)} budget: ${over.map((zip) => `${zip.name} ${kb(zip.bytes)}`).join(", ")}`);
  process.exit(1);
}
const largest = sizes[0] as { name: string; bytes: number };
console.log(`check-bundle-sizes: ${zips.length} zips, all within ${kb(BUDGET_BYTES)} (largest: ${largest.name}, ${kb(largest.bytes)})`);
