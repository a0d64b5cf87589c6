// The frontier explorer: the built page (web/dist, from `vite build --config
// web/vite.config.ts`) at `/`, and the two small APIs only it needs: the
// bundled fixtures and a frontier solve that streams its progress. One
// function, so app.ts registers the whole page with one line.
//
// web/dist is looked up once, at start: a service started before the build
// answers `/` with a 503 page that says how to build it (restart after).

import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { FrontierService } from '../../service/frontier-service.js';
import { registerFixtureRoutes } from './fixtures.js';
import { registerFrontierStreamRoute } from './frontier-stream.js';

export interface WebOptions {
  /** the built page; default <repository>/web/dist */
  webDist?: string;
  /** served read-only by /v1/fixtures; default <repository>/fixtures */
  fixturesDir?: string;
}

/** Vite names every asset under assets/ by its content hash, so it never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

// The page loads only its own scripts; ECharts and the page set inline styles,
// downloads are blob: URLs, and it talks only to this origin.
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export async function registerWebRoutes(
  app: FastifyInstance,
  service: FrontierService,
  options: WebOptions = {},
): Promise<void> {
  const root = repositoryRoot();
  const webDist = options.webDist ?? join(root, 'web', 'dist');
  registerFixtureRoutes(app, options.fixturesDir ?? join(root, 'fixtures'));
  registerFrontierStreamRoute(app, service);

  if (!existsSync(join(webDist, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(notBuiltPage(webDist)),
    );
    return;
  }
  const assets = join(webDist, 'assets') + sep;
  // Its own plugin context: @fastify/swagger-ui registers @fastify/static too.
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      // Files are looked up per request, so a rebuild is served without a restart;
      // a path that is not a file falls through to the API's own 404.
      wildcard: true,
      index: ['index.html'],
      // The .br/.gz files written next to each asset by web/vite.config.ts.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, served) => {
        const path = served.replace(/\.(br|gz)$/, '');
        if (path.startsWith(assets)) res.setHeader('cache-control', IMMUTABLE);
        else res.setHeader('cache-control', 'no-cache');
        if (path.endsWith('.html')) {
          res.setHeader('content-security-policy', PAGE_CSP);
          res.setHeader('x-content-type-options', 'nosniff');
        }
      },
    });
  });
}

/** The directory holding package.json above this file: src/http/routes from source, dist/src/http/routes when built. */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
}

function notBuiltPage(webDist: string): string {
  const escaped = webDist.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lodestone: the explorer page is not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The frontier explorer is not built</h1>
<p>This service found no page in <code>${escaped}</code>. Build it, then restart the service:</p>
<pre>npm run build</pre>
<p>(or only the page: <code>npx vite build --config web/vite.config.ts</code>).</p>
<p>The HTTP API works without it: see <a href="/docs">/docs</a>.</p>
</body></html>
`;
}
