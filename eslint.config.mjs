// ESLint (flat config): Next.js's core-web-vitals and TypeScript rules over the whole repository.
// `npm run lint`; `npm test` runs it first. Formatting is Prettier's job (.prettierrc), not ESLint's.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    // Build output and generated files (node_modules/ and .git/ are always ignored).
    ignores: [
      ".next/**",
      ".next-test/**",
      ".wharf/**", // state directory: the agent bundle (agent/build.mjs), logs, test results
      "bench/out/**",
      "bench/results/**",
      "test-results/**",
      "playwright-report/**",
      "e2e/.auth/**",
      ".pglite/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      // Errors, not eslint-config-next's warnings: a warning fails nothing, so they would pile up.
      // `_name` and rest siblings are how the code drops a field: `const { secret: _secret, ...view } = row`.
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
      // A `let` assigned once but read earlier by a callback (a timer cleared on close) cannot be a `const`.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // Apostrophes and quotes render fine in JSX text; still catch a stray `>` or `}`.
      "react/no-unescaped-entities": ["error", { forbid: [">", "}"] }],
      // Every window.location.assign() follows a sign-in, sign-up, sign-out or a 401: the full page load
      // is deliberate, so server components see the new session and no query cache outlives its user.
      "@next/next/no-location-assign-relative-destination": "off",
      // A React Compiler rule (the console does not use the compiler): the flagged effects reset or
      // sync local state when their input changes (the service followed, the loaded record), or read
      // the DOM after hydration (theme), which is what effects are for here.
      "react-hooks/set-state-in-effect": "off",
    },
  },
  {
    // Plain CommonJS run by node inside a test image (scripts/runtime/images/node-app.Dockerfile).
    files: ["scripts/runtime/images/**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
];

export default config;
