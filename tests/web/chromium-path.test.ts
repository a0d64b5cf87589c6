// The browser tests' Chromium lookup (tests/helpers/chromium.ts): the
// environment variable first, then the usual paths and PATH; under CI=true a
// missing browser is an error, not a skip.

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumForTests, findChromium } from '../helpers/chromium.js';

const dir = mkdtempSync(join(tmpdir(), 'lodestone-chromium-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeBrowser(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe('findChromium', () => {
  it('takes LODESTONE_CHROMIUM first, and refuses one that is not executable', () => {
    const browser = fakeBrowser('my-chrome');
    expect(findChromium({ LODESTONE_CHROMIUM: browser, PATH: '' }, [])).toBe(browser);
    expect(() => findChromium({ LODESTONE_CHROMIUM: join(dir, 'absent'), PATH: '' }, [])).toThrow(
      /LODESTONE_CHROMIUM=.*absent is not an executable file/,
    );
  });

  it('then the usual paths in order, then the usual names on PATH', () => {
    const usual = fakeBrowser('chromium-browser');
    expect(findChromium({ PATH: '' }, [join(dir, 'chromium'), usual])).toBe(usual);
    const onPath = fakeBrowser('google-chrome-stable');
    expect(findChromium({ PATH: `/nonexistent:${dir}` }, [join(dir, 'nothing')])).toBe(join(dir, 'chromium-browser'));
    rmSync(usual);
    expect(findChromium({ PATH: dir }, [])).toBe(onPath);
    expect(findChromium({ PATH: '/nonexistent' }, [])).toBeNull();
  });
});

describe('chromiumForTests', () => {
  it('fails under CI=true when there is no browser, and skips (null) otherwise', () => {
    expect(() => chromiumForTests('x.test.ts', { PATH: '/nonexistent', CI: 'true' }, [])).toThrow(
      /CI=true: a missing browser fails the run/,
    );
    expect(chromiumForTests('x.test.ts', { PATH: '/nonexistent' }, [])).toBeNull();
  });

  it('under CI=true with LODESTONE_CHROMIUM pointing at nothing, fails rather than skips', () => {
    expect(() => chromiumForTests('x.test.ts', { CI: 'true', LODESTONE_CHROMIUM: join(dir, 'gone') })).toThrow(
      /not an executable file/,
    );
  });
});
