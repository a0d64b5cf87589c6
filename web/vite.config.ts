// The explorer page's build: `vite build --config web/vite.config.ts` from the
// repository root writes web/dist, which the service serves at `/`
// (src/http/routes/web.ts). Plain TypeScript, no framework: the page is a few
// panels and charts, and its first render must stay well under a second.

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes a .br and a .gz next to every text asset, which @fastify/static
 * (preCompressed) sends to browsers that accept them: ECharts is most of the
 * page's bytes, and it shrinks about 4x.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'lodestone-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? walk(path) : [path];
        });
      for (const path of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(path)) continue;
        const bytes = readFileSync(path);
        if (bytes.length < 1024) continue;
        writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  // Relative asset URLs: the page also works behind a proxy that mounts the service under a path.
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // ECharts, tree-shaken to the charts and components the page uses, is one chunk of ~500 kB (~150 kB brotli).
    chunkSizeWarningLimit: 800,
  },
  // `npx vite --config web/vite.config.ts`: the page with live reload, the API from a service on :3000 (npm start).
  server: { proxy: { '/v1': process.env.LODESTONE_API ?? 'http://127.0.0.1:3000' } },
  plugins: [precompress()],
});
