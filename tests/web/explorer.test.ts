// The frontier explorer in a real browser: Debian's Chromium driven by
// playwright-core (no browser download), against the real service on
// 127.0.0.1 (buildApp, a real 2-worker pool) serving the built page. One
// planner's session, step by step: open the page (timed), pick an invalid
// file, drop a MessagePack one, load a fixture and solve it watching
// progress, read the chart, click a point, select another with the
// keyboard or its row, compare, download, overlay a batch job followed on its
// event stream (mocked in the browser, then a real job), and edit the problem
// on the page: completion, checks, re-solve against the previous run.
// Screenshots: test-artifacts/explorer.png (the page), explorer-frontier.png, explorer-plan.png.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from '@msgpack/msgpack';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProblemInputSchema } from '../../src/domain/schema.js';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';
import { chromiumForTests } from '../helpers/chromium.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = join(ROOT, 'web');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const FIRST_RENDER_BUDGET_MS = 1000;

// LODESTONE_CHROMIUM or the usual paths; none: a loud skip, or a failure under CI=true.
const CHROMIUM = chromiumForTests('tests/web/explorer.test.ts');
const hasChromium = CHROMIUM !== null;

/** The newest modification time under `path`. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Builds web/dist unless it is newer than every source of the page (CI builds it in `npm ci`). */
function ensureBuilt(): void {
  const built = join(WEB, 'dist', 'index.html');
  const sources = Math.max(
    newest(join(WEB, 'src')),
    newest(join(WEB, 'index.html')),
    newest(join(WEB, 'vite.config.ts')),
  );
  if (existsSync(built) && statSync(built).mtimeMs > sources) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(WEB, 'vite.config.ts')],
    { cwd: ROOT, stdio: 'pipe' },
  );
}

describe.skipIf(!hasChromium)('frontier explorer (Chromium)', () => {
  let server: TestServer;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const pageErrors: string[] = [];
  /** the result the page solved, for the mocked batch job */
  let solved: FrontierResult;

  type RenderTiming = {
    responseEnd: number;
    domContentLoaded: number;
    load: number;
    firstContentfulPaint: number | null;
    ready: number | null;
    charts: number | null;
  };

  /** Opens the page, waits for its fixtures and chart, and reads its performance marks (ms from navigation start). */
  async function openAndTime(): Promise<RenderTiming> {
    await page.goto(`${server.url}/`);
    await page.locator('#fixture-select:not([disabled])').waitFor();
    await page.locator('#frontier-chart svg').waitFor();
    // performance.* in the page; a string, as this file is type-checked without the DOM library.
    const timing = await page.evaluate<RenderTiming>(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const ready = performance.getEntriesByName('explorer-ready')[0];
      const charts = performance.getEntriesByName('explorer-charts-ready')[0];
      return { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
               firstContentfulPaint: fcp ? fcp.startTime : null, ready: ready ? ready.startTime : null, charts: charts ? charts.startTime : null };
    })()`);
    console.log(
      `explorer first render (ms from navigation start): first contentful paint ${timing.firstContentfulPaint?.toFixed(0)}, ` +
        `DOMContentLoaded ${timing.domContentLoaded.toFixed(0)}, load ${timing.load.toFixed(0)}, fixtures listed ${timing.ready?.toFixed(0)}, charts drawn ${timing.charts?.toFixed(0)}`,
    );
    return timing;
  }

  /** Where point `index` of the solved run is drawn, in page pixels. */
  async function pointAt(index: number, entryId = 'run'): Promise<{ x: number; y: number }> {
    const at = await page.evaluate<{ x: number; y: number } | null>(
      `window.__lodestoneExplorer.pointPosition(${JSON.stringify(entryId)}, ${index})`,
    );
    if (!at) throw new Error(`point ${index} of ${entryId} is not on the chart`);
    return at;
  }

  /** The chart tooltip's text now ('' when none shows), without waiting for one. */
  function tooltipText(): Promise<string> {
    return page.evaluate<string>(`[...document.querySelectorAll('.tip')].map((e) => e.textContent).join(' ')`);
  }

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ workers: 2 });
    // Batch jobs run (the real event-stream test submits one).
    await server.app.jobs.start();
    userDataDir = mkdtempSync(join(tmpdir(), 'lodestone-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM ?? undefined,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-gpu',
        '--no-first-run',
        '--disable-sync',
      ],
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    page = context.pages()[0] ?? (await context.newPage());
    // A step that cannot happen fails in 15 s with Playwright's own message, not as a silent test timeout.
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // The browser logs every 4xx: the invalid problem's 400 from /v1/validate is expected, and the
      // JSON page of the warm-up navigation has no icon (the explorer's own is a data: URL).
      const url = message.location().url;
      if (message.type() === 'error' && !url.endsWith('/v1/validate') && !url.endsWith('/favicon.ico'))
        pageErrors.push(`console: ${message.text()} (${url})`);
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('renders the page from the service in under a second', async () => {
    // The origin's renderer process first (the browser's cost, not the page's); nothing of the page is cached by it.
    await page.goto(`${server.url}/v1/health`);
    // The vitest files run side by side, so a navigation can land on a busy core: the page gets two
    // tries, and the faster one is held to the budget (a slow page is slow on both).
    let timing = await openAndTime();
    if (Math.max(timing.firstContentfulPaint ?? Infinity, timing.ready ?? Infinity) >= FIRST_RENDER_BUDGET_MS) {
      await page.goto(`${server.url}/v1/health`);
      const again = await openAndTime();
      if ((again.ready ?? Infinity) < (timing.ready ?? Infinity)) timing = again;
    }
    expect(timing.firstContentfulPaint).not.toBeNull();
    expect(timing.firstContentfulPaint!).toBeLessThan(FIRST_RENDER_BUDGET_MS);
    expect(timing.ready!).toBeLessThan(FIRST_RENDER_BUDGET_MS);
    // ECharts loads after the first render (a dynamic import); a guard against regressions,
    // loose enough for a CI machine that runs the other suites at the same time.
    expect(timing.charts!).toBeLessThan(2 * FIRST_RENDER_BUDGET_MS);
    expect(await page.locator('#fixture-select option').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('us-motor-maker.json')]),
    );
  });

  it('lists validation errors and marks them where they are in the problem', async () => {
    await page.setInputFiles('#file-input', join(ROOT, 'fixtures', 'invalid', 'unknown-material.json'));
    await expect.poll(() => page.locator('#validation-errors li').count()).toBe(2);
    const paths = await page.locator('#validation-errors li button.path').allTextContents();
    expect(paths).toEqual(['$.products[0].designs[0].bom["tb-oxide"]', '$.suppliers[1].offers[0].material']);
    expect(await page.locator('#validation-errors').textContent()).toContain('names unknown material "dy-metal"');
    expect(await page.isDisabled('#run')).toBe(true);
    // In the JSON view, each error is written on the node its path names.
    for (const path of paths) {
      const node = page.locator(`#json-view [data-path='${path}']`);
      await expect.poll(() => node.getAttribute('class')).toContain('jv-error');
      expect(await node.locator('.jv-note').textContent()).toContain('names unknown material');
    }
    await page.click('#validation-errors li:nth-child(2) button.path');
    expect(await page.evaluate(`document.activeElement.closest('[data-path]').getAttribute('data-path')`)).toBe(
      '$.suppliers[1].offers[0].material',
    );
  });

  it('loads a MessagePack problem dropped on the page', async () => {
    const bytes = [...encode(JSON.parse(readFileSync(join(ROOT, 'fixtures', 'wind-turbine-oem.json'), 'utf8')))];
    await page.evaluate(
      `((bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], 'wind.msgpack', { type: 'application/msgpack' }));
        const zone = document.getElementById('drop-zone');
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      })(${JSON.stringify(bytes)})`,
    );
    await expect.poll(() => page.textContent('#problem-status')).toMatch(/^Loaded wind\.msgpack \(MessagePack/);
    await expect.poll(() => page.textContent('#validation-status')).toMatch(/^Valid: 6 scenarios/);
    expect(await page.isDisabled('#run')).toBe(false);
    expect(await page.locator('#validation-errors li').count()).toBe(0);
  });

  it('loads a fixture, solves it with progress, and draws every point', async () => {
    await page.selectOption('#fixture-select', 'us-motor-maker.json');
    await page.click('#fixture-load');
    await expect.poll(() => page.textContent('#validation-status')).toMatch(/^Valid: 5 scenarios/);
    expect(await page.inputValue('#points')).toBe('11');

    // Every text the progress line shows, as the run goes.
    await page.evaluate(`(() => {
      window.__progressTexts = [];
      const el = document.getElementById('progress-text');
      new MutationObserver((records) => {
        for (const r of records) for (const node of r.addedNodes) window.__progressTexts.push(node.textContent);
      }).observe(el, { childList: true });
    })()`);
    await page.click('#run');
    await expect.poll(() => page.textContent('#progress-text'), { timeout: 60_000 }).toMatch(/^Done: 11 points/);
    const progressTexts = await page.evaluate<string[]>('window.__progressTexts');
    // Point A arrives (the stream's `point` event) before the frontier is done, and stays on the line.
    const cheapest = /; the cheapest plan: (expected cost [\d,.]+ USD), CVaR [\d,.]+ USD$/;
    expect(progressTexts.some((t) => /^\d+ of 11 points solved/.test(t))).toBe(true);
    const early = progressTexts.filter((t) => cheapest.test(t) && !t.startsWith('11 of 11'));
    expect(early.length).toBeGreaterThan(0);
    expect(progressTexts.some((t) => t.startsWith('11 of 11 points solved; the cheapest plan: '))).toBe(true);

    // The points list and the chart's own data both have the 11 points.
    await expect.poll(() => page.locator('#points-table button.point').count()).toBe(11);
    // The early plan is the frontier's first point.
    const firstPoint = await page.locator('#points-table button.point').first().getAttribute('aria-label');
    expect(firstPoint).toContain(cheapest.exec(early[0])![1]);
    const series = await page.evaluate<{ id: string; points: number }[]>('window.__lodestoneExplorer.frontierSeries()');
    expect(series.find((s) => s.id === 'run')?.points).toBe(11);
    const label = await page.getAttribute('#frontier-chart', 'aria-label');
    expect(label).toMatch(/11 points.*Cheapest, #1.*Safest, #11/s);
    expect(await page.getAttribute('#frontier-chart', 'role')).toBe('img');
  });

  it('shows the plan of a point clicked on the chart', async () => {
    await page.locator('#frontier-chart').scrollIntoViewIfNeeded();
    // On a loaded machine the chart can still be settling (animation, layout)
    // when the pointer arrives: each attempt re-reads the point's position and
    // moves onto it afresh, and reads the tooltip without Playwright's 30 s
    // wait for an element, so a missed hover costs one retry, not the test.
    await expect
      .poll(
        async () => {
          await page.mouse.move(0, 0);
          const at = await pointAt(3);
          await page.mouse.move(at.x, at.y);
          return tooltipText();
        },
        { timeout: 20_000, interval: 250 },
      )
      .toMatch(/#4.*Expected cost.*CVaR90.*Worst case/s);
    await expect
      .poll(
        async () => {
          const at = await pointAt(3);
          await page.mouse.click(at.x, at.y);
          return page.evaluate(`document.getElementById('plan-title')?.textContent ?? ''`);
        },
        { timeout: 20_000, interval: 250 },
      )
      .toMatch(/^Plan #4 of 11/);
    const orderRows = page.locator('#orders-table tbody tr');
    expect(await orderRows.count()).toBeGreaterThan(0);
    expect(await page.locator('#orders-table thead th').allTextContents()).toEqual(
      expect.arrayContaining(['Supplier', 'Kind', 'Material', 't1', 't12', 'Total']),
    );
    expect(await page.locator('#plan-designs table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#plan-unmet table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getAttribute('#chart-histogram', 'aria-label')).toMatch(/CVaR tail/);
    expect(await page.getAttribute('#points-table button[data-point-index="3"]', 'aria-pressed')).toBe('true');
  });

  it('selects a point with the keyboard: Tab to it, Enter', async () => {
    await page.focus('#download-csv');
    let focused: string | null = null;
    for (let presses = 0; presses < 20 && focused === null; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate<string | null>(
        `document.activeElement && document.activeElement.getAttribute('data-point-index')`,
      );
    }
    expect(focused).toBe('0');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(`document.activeElement.getAttribute('data-point-index')`)).toBe('2');
    // Focus shows the point's tooltip on the chart, as hovering would.
    await expect.poll(tooltipText, { timeout: 10_000 }).toMatch(/#3/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#plan-title')).toMatch(/^Plan #3 of 11/);
    expect(await page.getAttribute('#points-table button[data-point-index="2"]', 'aria-pressed')).toBe('true');
  });

  it('compares two points: what the extra cost buys, and which orders move', async () => {
    await page.selectOption('#compare-a', '0');
    await page.selectOption('#compare-b', '10');
    const verdict = await page.textContent('#compare-verdict');
    expect(verdict).toMatch(
      /Going from #1 to #11 costs .* more in expectation and cuts CVaR90 by .* of expected cost per USD of tail risk removed/,
    );
    expect(await page.locator('#compare-figures tbody tr').count()).toBe(5);
    expect(await page.locator('#compare-moves-table tbody tr').count()).toBeGreaterThan(0);
  });

  it('downloads the result as JSON and the selected plan as CSV', async () => {
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    expect(jsonDownload.suggestedFilename()).toMatch(/^us-industrial-motor-maker.*-frontier\.json$/);
    solved = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')) as FrontierResult;
    expect(solved.frontier).toHaveLength(11);
    expect(solved.scenarios).toHaveLength(5);

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    expect(csvDownload.suggestedFilename()).toMatch(/-point-3-plan\.csv$/);
    const csv = readFileSync(await csvDownload.path(), 'utf8').split('\r\n');
    expect(csv[0]).toBe('record,supplier,supplier_kind,material,product,design,period,value');
    const orders = csv.filter((line) => line.startsWith('order,'));
    expect(orders).toHaveLength(solved.frontier[2].orders.length);
    expect(csv.some((line) => line.startsWith('expected_unmet_demand,'))).toBe(true);
  });

  it('selects a point by a click anywhere on its row of the points table', async () => {
    await page.locator('#points-table').scrollIntoViewIfNeeded();
    // The expected-cost cell of #8: a click on the row, not on its button.
    await page.click('#points-table tbody tr:nth-child(8) td:nth-child(2)');
    await expect.poll(() => page.textContent('#plan-title'), { timeout: 10_000 }).toMatch(/^Plan #8 of 11/);
    expect(await page.getAttribute('#points-table button[data-point-index="7"]', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('#points-table tbody tr:nth-child(8)', 'aria-current')).toBe('true');
    expect(await page.getAttribute('#points-table button[data-point-index="2"]', 'aria-pressed')).toBe('false');
    // The comparison follows the selection, as it does for a click on the chart.
    await expect.poll(() => page.textContent('#compare-verdict')).toMatch(/to #8 /);
  });

  it('says what limits the selected plan: its binding limits in plain words, the price of risk, shortfall', async () => {
    // #8 of us-motor-maker is still selected (previous test)
    await page.locator('#limits').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('#limits-list li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.textContent('#limits-list li:first-child')).toMatch(
      /^(one more|letting design|relaxing) .* saves [\d,.]+ USD/,
    );
    expect(await page.locator('#limits-risk tbody tr').count()).toBe(11);
  });

  it('overlays the frontier of every finished variation of a batch job, updated from its event stream (jobs API mocked)', async () => {
    const scaled = (factor: number): FrontierResult => ({
      ...solved,
      frontier: solved.frontier.map((p) => ({
        ...p,
        expectedCost: p.expectedCost * factor,
        cvar: p.cvar * (2 - factor),
      })),
    });
    let calls = 0;
    let streams = 0;
    // The event stream is held until the test has seen the running job: what follows comes from it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/v1/jobs/job-7/events', async (route) => {
      streams++;
      await released;
      const event = (id: number, type: string, data: unknown) =>
        `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
      await route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
        body:
          'retry: 2000\n\n' +
          event(1, 'point', { index: 1, name: 'no Chinese licence', done: 7, total: 11 }) +
          event(2, 'variation', { index: 1, name: 'no Chinese licence', status: 'done', attempts: 1 }) +
          event(3, 'status', { status: 'done', progress: { done: 3, total: 3 } }),
      });
    });
    await page.route('**/v1/jobs/job-7', async (route) => {
      calls++;
      const running = calls === 1;
      await route.fulfill({
        json: {
          id: 'job-7',
          status: running ? 'running' : 'done',
          progress: { done: running ? 1 : 3, total: 3 },
          variations: [
            { name: 'as planned', status: 'done', result: solved },
            running
              ? { name: 'no Chinese licence', status: 'running' }
              : { name: 'no Chinese licence', status: 'done', result: scaled(1.08) },
            {
              name: 'recycler doubles',
              status: 'failed',
              error: { code: 'WORKER_CRASHED', message: 'A solver worker crashed' },
            },
          ],
        },
      });
    });
    await page.fill('#job-id', 'job-7');
    await page.press('#job-id', 'Enter');
    await expect
      .poll(() => page.textContent('#job-status'))
      .toMatch(/^Job job-7: running \(1 of 3\); 1 of 3 variations overlaid/);
    // A running job is followed on its event stream, not polled: one GET so far, and the stream open.
    await expect.poll(() => streams).toBe(1);
    expect(calls).toBe(1);
    release();
    await expect
      .poll(() => page.textContent('#job-status'), { timeout: 10_000 })
      .toMatch(/^Job job-7: done \(3 of 3\); 2 of 3 variations overlaid/);
    const series = await page.evaluate<{ id: string; name: string; points: number }[]>(
      'window.__lodestoneExplorer.frontierSeries()',
    );
    const frontiers = series.filter((s) => s.id === 'run' || s.id.startsWith('job:'));
    expect(frontiers.map((s) => s.name)).toEqual(['This run', 'as planned', 'no Chinese licence']);
    expect(frontiers.every((s) => s.points === 11)).toBe(true);
    expect(await page.locator('#frontier-list tbody tr').count()).toBe(3);
    expect(await page.textContent('#job-variations')).toContain(
      'recycler doubles \u2014 failed: A solver worker crashed (WORKER_CRASHED)',
    );

    // A point of a variation's frontier, clicked on the chart, shows that variation's plan.
    await page.locator('#frontier-chart').scrollIntoViewIfNeeded();
    await expect
      .poll(
        async () => {
          const at = await pointAt(5, 'job:job-7:no Chinese licence');
          await page.mouse.click(at.x, at.y);
          return page.evaluate(`document.getElementById('plan-title')?.textContent ?? ''`);
        },
        { timeout: 20_000, interval: 250 },
      )
      .toMatch(/^Plan #6 of 11 \(no Chinese licence\)/);
    expect(await page.evaluate('window.__lodestoneExplorer.activeId()')).toBe('job:job-7:no Chinese licence');
    await page.mouse.move(0, 0);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(ARTIFACTS, 'explorer.png'), fullPage: true });
    await page.locator('#frontier').screenshot({ path: join(ARTIFACTS, 'explorer-frontier.png') });
    await page.locator('#plan').screenshot({ path: join(ARTIFACTS, 'explorer-plan.png') });
  });

  it('edits the problem on the page: schema completion, checks with paths, re-solve, the frontier moves', async () => {
    await page.click('#job-clear');
    await page.unroute('**/v1/jobs/job-7/events');
    await page.unroute('**/v1/jobs/job-7');
    // Completion reads the service's JSON Schema of a problem; a service without the route yet gets one from the zod schema.
    await page.route('**/v1/schema/problem', async (route) => {
      const response = await route.fetch();
      if (response.status() === 200) await route.fulfill({ response });
      else await route.fulfill({ json: z.toJSONSchema(ProblemInputSchema, { io: 'input' }) });
    });
    // The cheapest plan buys more than 1,000 units a period from cn-magnet-b (offered at most 9,000):
    // capping it at 1,000 takes that plan away, so the cheapest plan must cost more.
    const cheapest = solved.frontier[0];
    const fromB = cheapest.orders.filter((o) => o.supplier === 'cn-magnet-b').map((o) => o.quantity);
    expect(Math.max(...fromB)).toBeGreaterThan(1000);
    const before = await page.evaluate<number[]>(`window.__lodestoneExplorer.expectedCosts('run')`);
    expect(before[0]).toBeCloseTo(cheapest.expectedCost, 6);

    await page.click('#editor-details summary');
    // CodeMirror draws only the lines in view: the first ones are enough to know the problem is in it.
    const editor = page.locator('#problem-editor .cm-content');
    await expect.poll(() => editor.textContent(), { timeout: 20_000 }).toContain('"US industrial motor maker');

    // A new field by completion: the schema offers startMonth at the top level.
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"startM');
    const completion = page.locator('.cm-tooltip-autocomplete');
    await expect.poll(() => completion.textContent(), { timeout: 10_000 }).toContain('startMonth');
    // Chosen with the pointer: CodeMirror ignores Enter for a moment after the list opens.
    await completion.locator('li', { hasText: 'startMonth' }).click();
    await expect.poll(() => page.locator('.cm-line').nth(1).textContent()).toBe('  "startMonth": ');
    await page.keyboard.type('"2026-13",');
    // The service's check, marked where it is and named by its path.
    await expect.poll(() => page.textContent('#editor-status'), { timeout: 15_000 }).toMatch(/^1 error/);
    await expect
      .poll(() => page.locator('.cm-lintRange-error').allTextContents(), { timeout: 15_000 })
      .toEqual(['"2026-13"']);

    /** Finds `text` with the editor's search (Ctrl+F, Enter) and types `replacement` over it. */
    const replace = async (text: string, replacement: string) => {
      await editor.click();
      await page.keyboard.press('Control+f');
      const search = page.locator('.cm-search input[name="search"]');
      // Typed, not filled: the search panel reads its field on key events.
      await search.selectText();
      await page.keyboard.type(text);
      await search.press('Enter');
      await search.press('Escape');
      await expect
        .poll(() => page.evaluate<string>(`document.getSelection().toString()`), { timeout: 5_000 })
        .toBe(text);
      // Deleted first: a quote typed over a selection would wrap it in quotes.
      await page.keyboard.press('Delete');
      await page.keyboard.type(replacement);
    };
    await replace('2026-13', '2026-01');
    await expect.poll(() => page.textContent('#editor-status'), { timeout: 15_000 }).toBe('Valid.');
    await replace('"capacity": 9000', '"capacity": 1000');
    await expect.poll(() => page.locator('.cm-lintRange-error').count(), { timeout: 15_000 }).toBe(0);

    await page.click('#editor-solve');
    await expect
      .poll(() => page.locator('#run-compare-table tbody tr').count(), { timeout: 90_000 })
      .toBeGreaterThan(0);
    expect(await page.textContent('#problem-status')).toMatch(/^Loaded us-motor-maker\.json \(edited\)/);
    const after = await page.evaluate<number[]>(`window.__lodestoneExplorer.expectedCosts('run')`);
    const previous = await page.evaluate<number[]>(`window.__lodestoneExplorer.expectedCosts('previous-run')`);
    expect(previous).toEqual(before);
    expect(after[0]).toBeGreaterThan(before[0] + 1);
    // The comparison says so: the cheapest point's expected cost went up.
    const delta = page.locator('#run-compare-table tr[data-point-index="0"] td.delta-cost');
    expect(await delta.getAttribute('class')).toContain('up');
    expect(await delta.textContent()).toMatch(/^\+/);
    const series = await page.evaluate<{ id: string; name: string }[]>('window.__lodestoneExplorer.frontierSeries()');
    expect(series.filter((s) => s.id === 'run' || s.id === 'previous-run').map((s) => s.name)).toEqual([
      'This run',
      'Previous run',
    ]);

    // The periods are named from startMonth: 2026-01 .. 2026-12 (and the points #1..).
    await page.click('#points-table tbody tr:nth-child(1) td:nth-child(2)');
    await expect.poll(() => page.textContent('#plan-title'), { timeout: 10_000 }).toMatch(/^Plan #1 of/);
    const header = await page.locator('#orders-table thead th').allTextContents();
    expect(header).toEqual(expect.arrayContaining(['2026-01', '2026-06', '2026-12']));
    expect(header).not.toContain('t1');
    await page.locator('#plan').screenshot({ path: join(ARTIFACTS, 'explorer-edited-plan.png') });
  }, 180_000);

  it('follows a real batch job on its event stream until every variation is drawn', async () => {
    const motor = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'us-motor-maker.json'), 'utf8')) as object;
    const problems = ['first', 'second'].map((name) => ({ ...motor, name }));
    const response = await fetch(`${server.url}/v1/jobs?points=5`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ problems }),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const streamed = page.waitForRequest((request) => request.url().endsWith(`/v1/jobs/${id}/events`), {
      timeout: 30_000,
    });
    await page.fill('#job-id', id);
    await page.press('#job-id', 'Enter');
    await streamed;
    await expect
      .poll(() => page.textContent('#job-status'), { timeout: 120_000 })
      .toMatch(new RegExp(`^Job ${id}: done .*; 2 of 2 variations overlaid`));
    const series = await page.evaluate<{ id: string; name: string }[]>('window.__lodestoneExplorer.frontierSeries()');
    expect(series.filter((s) => s.id.startsWith(`job:${id}:`)).map((s) => s.name)).toEqual(['first', 'second']);
  }, 180_000);

  it('ran without a script error or a blocked resource', () => {
    expect(pageErrors).toEqual([]);
  });
});
