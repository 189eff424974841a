import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

/**
 * Builds the page into build/ui: one HTML file, one script and one stylesheet
 * with hashed names, referred to relatively (the page is served under any
 * path), no inline script or style (the page's CSP allows neither).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../build/ui', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    reportCompressedSize: true,
  },
  server: {
    // `pnpm dev`: the page from source, the API from a running `secrets serve --ui`.
    proxy: { '/secrets': process.env.SECRETS_API_URL ?? 'http://127.0.0.1:8787' },
  },
})
