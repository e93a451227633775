// Lint for the whole repository, in the spirit of Shopify's app template: TypeScript,
// React, hooks and accessibility rules; formatting is Prettier's job (eslint-config-prettier
// turns off the rules that would fight it).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import prettier from "eslint-config-prettier";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "bench/.build/**",
      "node_modules/**",
      ".tools/**",
      "public/build/**",
      "app/types/**",
      "test-results/**",
      "extensions/**/dist/**",
      "**/*.generated.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      // Unused bindings are mistakes, except deliberate `_`-prefixed ones.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // `declare global { var … }` is how the process-wide singletons are typed.
      "no-var": "off",
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    files: ["**/*.tsx", "**/*.jsx"],
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    settings: { react: { version: "detect" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      // The two classic hook rules the app template lints with (the React Compiler rules of
      // eslint-plugin-react-hooks 7 assume the compiler, which this app does not use).
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      ...jsxA11y.configs.recommended.rules,
      "react/prop-types": "off",
    },
  },
  {
    // Command-line tools, the sandbox, the bench and tests print to the console on purpose.
    files: ["scripts/**", "sandbox/**", "bench/**", "test/**", "**/*.test.ts", "server.ts", "extensions/**"],
    rules: { "no-console": "off" },
  },
  prettier,
);
