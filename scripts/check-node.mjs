// Guard for npm scripts: the project pins Node 24 (the Lambda runtime) through the `node` devDependency.
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const wanted = String(pkg.devDependencies.node).split(".")[0];
const running = process.versions.node.split(".")[0];
if (running !== wanted) {
  console.error(
    `This project runs on Node ${wanted} (pinned by the "node" devDependency, as on Lambda nodejs${wanted}.x), ` +
      `but npm started Node ${process.versions.node}. Run "npm ci" first so node_modules/.bin/node exists.`,
  );
  process.exit(1);
}
