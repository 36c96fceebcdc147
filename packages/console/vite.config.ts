import preact from '@preact/preset-vite'
import { defineConfig } from 'vite'

/** Where `vite` (the dev server) sends the API calls: the gateway of `npm start` unless GATEWAY_URL says otherwise. */
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:8000'

export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Every asset is a file of its own: the gateway's CSP allows no inline script, and data: URLs only for images.
    assetsInlineLimit: 0,
    // Browsers the console targets all support modulepreload: no polyfill in the entry chunk.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: Object.fromEntries(['/api', '/auth', '/openapi.json', '/docs'].map((path) => [path, { target: gateway, changeOrigin: false }])),
  },
})
