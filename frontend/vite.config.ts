import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The Go server (`go run . serve --demo`) listens on 8080 by default.
// Point the dev proxy elsewhere with OHT_API=http://host:port npm run dev.
const apiTarget = process.env.OHT_API ?? 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [vue()],
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    // The CodeMirror chunk (~500 kB, ~170 kB gzipped) is only fetched by
    // the lab page's editor; every other chunk is far below this.
    chunkSizeWarningLimit: 560,
    rolldownOptions: {
      output: {
        // One long-cached chunk for Vue, the router and vue-i18n; views stay
        // in their own lazily loaded chunks. CodeMirror (and its parser,
        // Lezer) gets its own chunk, loaded only by the lab page's editor.
        codeSplitting: {
          groups: [
            {
              name: 'codemirror',
              test: /[\\/]node_modules[\\/](@codemirror|@lezer|@marijn|codemirror|style-mod|w3c-keyname|crelt)[\\/]/,
              priority: 2,
            },
            // The QR code encoder: only pages that draw a QR code fetch it.
            { name: 'qrcode', test: /[\\/]node_modules[\\/](qrcode|dijkstrajs)[\\/]/, priority: 2 },
            // ECharts (and its renderer, zrender): only the goal dashboards' chart fetches it.
            { name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 2 },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
})
