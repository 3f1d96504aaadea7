/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";

import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Django runs on this port in development; the SPA proxies API and admin calls to it so the
// session and CSRF cookies stay same-origin, exactly as in production.
const DJANGO_DEV_ORIGIN = process.env.DJANGO_DEV_ORIGIN ?? "http://127.0.0.1:8000";

export default defineConfig({
  base: "/",
  plugins: [react()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    proxy: {
      "/api": { target: DJANGO_DEV_ORIGIN, changeOrigin: false },
      "/admin": { target: DJANGO_DEV_ORIGIN, changeOrigin: false },
      "/static": { target: DJANGO_DEV_ORIGIN, changeOrigin: false },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/testing/setup-tests.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    // The machines that run the tests are shared and loaded: 5 s per test is too tight there.
    testTimeout: 15_000,
    unstubGlobals: true,
    // Times are shown in the viewer's zone; tests view from Casablanca, the sandbox's own.
    env: { TZ: "Africa/Casablanca" },
  },
});
