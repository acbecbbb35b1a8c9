/**
 * Builds the dashboard into `web/dist` (`npm run build` runs `vite build web`), which `callwarden serve` serves at `/`.
 * In development (`npx vite web`), API calls go to a service on 127.0.0.1:8080.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1000 },
  server: {
    // The contract (src/http/schemas.ts) lives outside web/.
    fs: { allow: ['..'] },
    proxy: { '/api': 'http://127.0.0.1:8080', '/health': 'http://127.0.0.1:8080' },
  },
});
