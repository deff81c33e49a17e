// Lint: typescript-eslint's type-aware rules plus Figma's plugin rules (deprecated and
// dynamic-page-incompatible API calls).
import js from "@eslint/js";
import figmaPlugins from "@figma/eslint-plugin-figma-plugins";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "src/generated/", "test/browser/dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ["./tsconfig.main.json", "./tsconfig.ui.json", "./tsconfig.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  { files: ["src/main/**/*.ts"], ...figmaPlugins.flatConfigs.recommended },
  { files: ["src/main/**/*.ts"], languageOptions: { globals: { figma: "readonly", __html__: "readonly" } } },
  { files: ["src/ui/**/*.ts"], languageOptions: { globals: globals.browser } },
  {
    files: ["*.mjs", "*.config.ts"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
