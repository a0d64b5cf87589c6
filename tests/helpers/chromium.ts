// Where the explorer's browser tests find Chromium: LODESTONE_CHROMIUM, else
// the usual install paths and names on PATH. A missing browser skips those
// tests with a loud message, and fails the run under CI=true (a CI run that
// silently skipped the browser tests would pass without testing the page).

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser to drive, or null when there is none. A LODESTONE_CHROMIUM that is not executable is an error. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  paths: readonly string[] = CHROMIUM_PATHS,
): string | null {
  const chosen = env.LODESTONE_CHROMIUM;
  if (chosen) {
    if (!isExecutable(chosen)) throw new Error(`LODESTONE_CHROMIUM=${chosen} is not an executable file`);
    return chosen;
  }
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .flatMap((dir) => CHROMIUM_NAMES.map((name) => join(dir, name)));
  return [...paths, ...onPath].find(isExecutable) ?? null;
}

/** For a test file: the browser, or null after saying loudly why its tests are skipped (an error under CI=true). */
export function chromiumForTests(
  testFile: string,
  env: NodeJS.ProcessEnv = process.env,
  paths: readonly string[] = CHROMIUM_PATHS,
): string | null {
  const found = findChromium(env, paths);
  if (found) return found;
  const message =
    `${testFile}: no Chromium found (LODESTONE_CHROMIUM, ${CHROMIUM_PATHS.join(', ')}, or ${CHROMIUM_NAMES.join('/')} on PATH). ` +
    "Install Debian's chromium (apt-get install -y chromium) or set LODESTONE_CHROMIUM to run the browser tests.";
  if (env.CI === 'true') throw new Error(`${message} CI=true: a missing browser fails the run.`);
  process.stderr.write(`\n*** SKIPPED: ${message} ***\n\n`);
  return null;
}
