// A clone of the repository stands on its own: no documentation link and no
// code path reaches outside it (issue 12: the README linked the model
// contract at a path outside the repository, so a clone had no input or
// output reference). The test clones the current HEAD into a temporary
// folder, so it judges what is committed, not a working tree.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let clone: string;
let files: string[];

beforeAll(() => {
  clone = join(mkdtempSync(join(tmpdir(), 'lodestone-clone-')), 'lodestone');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], { stdio: 'pipe' });
  files = execFileSync('git', ['ls-files'], { cwd: clone, encoding: 'utf8' }).split('\n').filter(Boolean);
});
afterAll(() => rmSync(dirname(clone), { recursive: true, force: true }));

const TEXT = /\.(md|ts|mts|js|mjs|cjs|json|jsonc|ya?ml|sh|html|css|txt)$|(^|\/)(run|\.gitignore|\.prettierignore)$/;
// Built from parts so that this file does not name what it forbids.
const FORBIDDEN = [['..', 'shared'].join('/'), ['', 'work', 'shared'].join('/')];

function inside(target: string): boolean {
  const rel = relative(clone, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Relative targets of markdown links, images and reference definitions, without #anchors. */
function markdownTargets(text: string): string[] {
  const targets = [
    ...[...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]),
    ...[...text.matchAll(/\bhref="([^"]+)"/g)].map((m) => m[1]),
  ];
  return targets
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'))
    .map((t) => decodeURI(t.split('#')[0]))
    .filter((t) => t !== '');
}

describe('a clone of HEAD', () => {
  it('names no folder outside the repository in any file', () => {
    const hits = files
      .filter((f) => TEXT.test(f) && f !== 'package-lock.json')
      .flatMap((f) => {
        const text = readFileSync(join(clone, f), 'utf8');
        return FORBIDDEN.filter((needle) => text.includes(needle)).map((needle) => `${f}: ${needle}`);
      });
    expect(hits).toEqual([]);
  });

  it('has every relative markdown link resolve to a file or folder inside it', () => {
    const markdown = files.filter((f) => f.endsWith('.md'));
    expect(markdown).toContain('README.md');
    expect(markdown).toContain('docs/README.md');
    const bad = markdown.flatMap((f) =>
      markdownTargets(readFileSync(join(clone, f), 'utf8')).flatMap((target) => {
        const resolved = target.startsWith('/') ? join(clone, target) : resolve(clone, dirname(f), target);
        if (!inside(resolved)) return [`${f}: ${target} leaves the repository`];
        if (!existsSync(resolved)) return [`${f}: ${target} does not exist`];
        return [];
      }),
    );
    expect(bad).toEqual([]);
  });

  it('has no relative path in code that resolves outside it', () => {
    const code = files.filter((f) => /\.(ts|mts|js|mjs|cjs|sh)$/.test(f) || f === '.ci/run');
    const bad = code.flatMap((f) => {
      const text = readFileSync(join(clone, f), 'utf8');
      return [...text.matchAll(/['"`](\.\.?\/[^'"`\s$]*)['"`]/g)]
        .map((m) => m[1])
        .filter((path) => !inside(resolve(clone, dirname(f), path)))
        .map((path) => `${f}: ${path}`);
    });
    expect(bad).toEqual([]);
  });

  it('holds the documentation a newcomer needs', () => {
    for (const page of ['model', 'input', 'output', 'http', 'batch', 'cli', 'configuration', 'benchmarks']) {
      expect(files).toContain(`docs/${page}.md`);
    }
    expect(files).toEqual(
      expect.arrayContaining(['docs/schema/problem.schema.json', 'docs/schema/result.schema.json']),
    );
  });
});
