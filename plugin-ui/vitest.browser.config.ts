// The browser test: the built panel in headless Chromium against a real `shotbridge serve --sandbox`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["test/browser/**/*.test.ts"], environment: "node", testTimeout: 180_000, hookTimeout: 120_000 },
});
