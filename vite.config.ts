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
    // the OCPP command validators (compiled ahead of time, core/ocpp/commandValidators.generated.ts) in a chunk of
    // their own: loaded with the page (the check is synchronous), cached apart from the app's code
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'ocpp-validators', test: /commandValidators\.generated/ }] } } },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
