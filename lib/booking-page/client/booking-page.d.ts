// The booking page's browser script, imported as its text (scripts/esbuild-plugins.cjs; in jest,
// tests/support/text-module-transform.cjs): the service serves it as it is.
declare const text: string;
export default text;
