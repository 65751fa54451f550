// Jest transform: a browser script of the booking page (lib/booking-page/client/*.js) becomes a module whose
// default export is its text, as scripts/esbuild-plugins.cjs bundles it for the functions.
module.exports = {
  process(source) {
    return { code: `export default ${JSON.stringify(source)};` };
  },
  getCacheKey(source, path) {
    return require("node:crypto").createHash("sha256").update(path).update("\0").update(source).digest("hex");
  },
};
