import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The UI is built once into dist/ui; `dagwallet node --ui` and the Electron window load those files.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  // assets/ (the app icon) is copied beside index.html.
  publicDir: '../assets',
  plugins: [react()],
  build: {
    outDir: '../dist/ui',
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
});
