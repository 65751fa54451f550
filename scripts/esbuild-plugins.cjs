// esbuild plugins for serverless-esbuild (loaded with require, hence CommonJS).
const { mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

/**
 * Writes {"type":"module"} beside each bundle, so that the `.js` bundles are ES modules both on Lambda
 * (the package.json ships in the zip) and under `serverless invoke local`, which cannot load `.mjs`.
 */
const esmPackageMarker = {
  name: "esm-package-marker",
  setup(build) {
    build.onEnd(() => {
      const outdir = build.initialOptions.outdir;
      if (!outdir) return;
      mkdirSync(outdir, { recursive: true });
      writeFileSync(join(outdir, "package.json"), '{ "type": "module" }\n');
    });
  },
};

module.exports = [esmPackageMarker];
