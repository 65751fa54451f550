// esbuild plugins for serverless-esbuild (loaded with require, hence CommonJS).
const { mkdirSync, readFileSync, writeFileSync } = require("node:fs");
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

/**
 * The booking page's browser script (lib/booking-page/client/*.js) is served as it is: bundled as its text,
 * never as code of the function (jest does the same with tests/support/text-module-transform.cjs).
 */
const browserScriptAsText = {
  name: "browser-script-as-text",
  setup(build) {
    build.onLoad({ filter: /[\\/]lib[\\/]booking-page[\\/]client[\\/][^\\/]+\.js$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8"),
      loader: "text",
    }));
  },
};

module.exports = [esmPackageMarker, browserScriptAsText];
