import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import reactRefresh from "eslint-plugin-react-refresh";
import globals from "globals";
import tseslint from "typescript-eslint";

import local from "./eslint-local-rules.js";

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/api/schema.d.ts"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked],
    languageOptions: {
      ecmaVersion: 2023,
      globals: globals.browser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: {
      "react-hooks": reactHooks,
      "react-refresh": reactRefresh,
      local,
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "react-refresh/only-export-components": ["warn", { allowConstantExport: true }],
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/consistent-type-imports": "error",
      "local/no-literal-text": "error",
    },
  },
  {
    files: ["**/*.test.{ts,tsx}", "src/testing/**"],
    rules: {
      "react-refresh/only-export-components": "off",
      // Tests render stand-in pages whose words are not the product's.
      "local/no-literal-text": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    // The evidence feature moves onto the shared messages in its own change.
    files: ["src/features/evidence/**"],
    rules: { "local/no-literal-text": "off" },
  },
  {
    files: ["**/*.{js,mjs}"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
