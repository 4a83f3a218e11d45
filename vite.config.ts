import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig(({ command }) => {
  // A build is always a production build, even when started from a test runner that set NODE_ENV=test
  // (that would ship React's development build: 60 KB more gzipped, and the capture page over its budget).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});

const config: UserConfig = {
  root: 'web',
  plugins: [
    react(),
    // Installable PWA: the manifest, and a hand-written service worker (web/sw.ts) given the list of built files.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.ts',
      injectRegister: false,
      includeManifestIcons: false, // the icons are in the precache list already (web/public) // registered from the pages (web/lib/pwa.ts): no inline script under the CSP
      manifest: {
        name: 'Rounds',
        short_name: 'Rounds',
        description: 'Classroom visits, evidence and conversations for school leaders.',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#1f4e5f',
        background_color: '#f5f7f8',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        shortcuts: [{ name: 'New visit', url: '/visits/new', icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }] }],
      },
      injectManifest: {
        globPatterns: ['**/*.{html,js,css,svg,png,webmanifest}'],
        // The chart library is only for dashboards: it is fetched when a chart is drawn, not installed with the app.
        globIgnores: ['sw.js', 'assets/charts-*.js'],
      },
    }),
  ],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    // scripts/bundle-size.ts reads it to measure what the capture page loads.
    manifest: true,
    rollupOptions: {
      // The capture page is its own small entry: it must load fast on a phone (<= 100 KB of gzipped JavaScript).
      input: { main: 'web/index.html', capture: 'web/capture.html' },
      // React in a chunk of its own, named so: both pages load it, and the budget report reads clearly.
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'charts', test: /node_modules[\\/](@observablehq[\\/]plot|d3-[a-z-]+|interval-tree-1d|isoformat|binary-search-bounds)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
};
