// Three suites, one run: `npm test` runs them all; `npm run test:unit` needs no DynamoDB Local.
const shared = {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json", diagnostics: false }],
    // The booking page's browser script is imported as its text (as esbuild does: scripts/esbuild-plugins.cjs).
    "/lib/booking-page/client/[^/]+\\.js$": "<rootDir>/tests/support/text-module-transform.cjs",
  },
  moduleNameMapper: {
    "^#lib/(.*)\\.js$": "<rootDir>/lib/$1",
    "^(\\.{1,2}/.*)\\.js$": "$1",
  },
  setupFiles: ["<rootDir>/tests/support/env.ts"],
};

/** @type {import("jest").Config} */
export default {
  testTimeout: 30000, // a global option: jest-circus reads it from the root config, not a project
  projects: [
    { ...shared, displayName: "unit", testMatch: ["<rootDir>/tests/unit/**/*.test.ts"] },
    {
      // One in-memory DynamoDB Local per run, started only when a test of this project is selected.
      ...shared,
      displayName: "service",
      testMatch: ["<rootDir>/tests/integration/**/*.test.ts", "<rootDir>/tests/e2e/**/*.test.ts"],
      globalSetup: "<rootDir>/tests/support/global-setup.ts",
      globalTeardown: "<rootDir>/tests/support/global-teardown.ts",
    },
  ],
};
