import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is a plain web app: it builds and runs in any browser, which is how the e2e harness drives it.
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  // One local bundle read from disk: chunk size does not cost a network round trip.
  build: {
    outDir: '../../out/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
    chunkSizeWarningLimit: 4096,
  },
  server: { port: 5173, strictPort: true },
});
