import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

// The web console: its own Vite project, built into dist/console/web and served by `qualified console`.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  plugins: [react()],
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../dist/console/web", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    sourcemap: false,
  },
  server: {
    // `vite dev` next to a running `qualified console --port 8088`: the API calls go to it.
    proxy: { "/api": "http://127.0.0.1:8088" },
  },
});
