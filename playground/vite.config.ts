// Vite config for the playground: a static site built into playground/dist with relative URLs,
// so the built folder can be served from any path (or opened from a file share).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  publicDir: false,
  resolve: {
    alias: [
      { find: /^monaco-esm\//, replacement: fileURLToPath(new URL("../node_modules/monaco-editor/esm/vs/", import.meta.url)) },
    ],
  },
  // The playground imports ../src and ../samples; let the dev server read the whole repo.
  server: { fs: { allow: [repo] } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Monaco's core is one large chunk by nature; the warning would only be noise.
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: true,
  },
  worker: { format: "es" },
});
