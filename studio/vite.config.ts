// Vite builds the studio into studio/dist, which the server serves at "/".
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompiledValidators } from './build/precompiled-validators-plugin.ts';

const precompiledAjv = fileURLToPath(new URL('./src/validation/precompiled-ajv.ts', import.meta.url));

export default defineConfig({
  plugins: [react(), precompiledValidators()],
  resolve: {
    // The server's Content-Security-Policy forbids eval, which ajv's runtime compiler needs:
    // the shared validator gets validators compiled at build time instead (see the plugin).
    alias: [{ find: /^ajv\/dist\/2020$/, replacement: precompiledAjv }],
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
  },
  worker: { format: 'es' },
});
