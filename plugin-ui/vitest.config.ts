// Unit tests: pure logic and the main-thread operations on a fake `figma`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["test/unit/**/*.test.ts"], environment: "node" },
});
