import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is served by portal-service from its classpath (META-INF/resources), behind the gateway: every asset is a
// file (no inline script or style), so the gateway's Content-Security-Policy needs no 'unsafe-inline'.
// PORTAL_WEB_OUT: where the Maven build wants the files; GATEWAY: the gateway `npm run dev` proxies /api to.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: process.env.PORTAL_WEB_OUT ?? 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    // ECharts is a chunk of its own (about 565 kB), loaded with the first chart
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': process.env.GATEWAY ?? 'http://localhost:8080',
    },
  },
});
