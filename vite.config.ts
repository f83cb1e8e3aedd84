import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is a plain web app (served by the bench API in browser mode, loaded by Electron's window):
// root renderer/, output renderer/dist, relative asset paths so it works from any base.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
