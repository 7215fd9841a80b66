import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The desk is bundled into apps/console/dist/web, which the console serves at `/`: no CDN, no
// request leaves the console. `npm run dev -w @arctrigger/console` is not needed: build and reload.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [preact()],
  build: { outDir: '../dist/web', emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 400 },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
