// Builds the UI into dist/, which CMake embeds into the tribu binary.
// No inline scripts or styles: the server sends a Content-Security-Policy
// that forbids them.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: "es2022",
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
