// `lodestone batch` as a user runs it: a real process, real files. Results
// per variation plus summary.csv; an interrupted or damaged output directory
// is resumed (only what is missing is solved); invalid input exits 2.

import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';
import { CLI_ENTRY, lodestone, repoRoot } from '../helpers/cli.js';
import { parseJson } from '../helpers/json.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

const root = repoRoot;
const dir = mkdtempSync(join(tmpdir(), 'lodestone-batch-'));
const wind = JSON.parse(readFileSync(join(root, 'fixtures/wind-turbine-oem.json'), 'utf8')) as Record<string, unknown>;

const sweep = {
  base: wind,
  sweep: {
    variations: [{ name: 'EU' }, { name: 'IN', patch: [{ op: 'replace', path: '/destination', value: 'IN' }] }],
    grid: { '/risk/alpha': [0.9, 0.95] },
  },
};
const expectedFiles = [
  'EU_risk.alpha=0.9.json',
  'EU_risk.alpha=0.95.json',
  'IN_risk.alpha=0.9.json',
  'IN_risk.alpha=0.95.json',
];

describe('lodestone batch', () => {
  const batchFile = join(dir, 'sweep.json');
  const out = join(dir, 'out');
  writeFileSync(batchFile, JSON.stringify(sweep));

  it('solves every variation into <out>/<name>.json and writes summary.csv', () => {
    const r = lodestone('batch', batchFile, '--out', out, '--points', '3');
    expect(r.stderr).toContain('4 of 4 variations solved');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...expectedFiles, 'summary.csv'].sort());
    const result = parseJson<FrontierResult>(readFileSync(join(out, 'IN_risk.alpha=0.95.json'), 'utf8'));
    expect(result).toMatchObject({
      status: 'optimal',
      risk: { alpha: 0.95 },
      batch: { index: 3, name: 'IN / risk.alpha=0.95', input: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(result.frontier).toHaveLength(3);
    const summary = readFileSync(join(out, 'summary.csv'), 'utf8').trimEnd().split('\r\n');
    expect(summary[0]).toMatch(/^variation,point,kind,expectedCost,cvar,worstCaseCost,unmetDemand,share\./);
    expect(summary).toHaveLength(1 + 4 * 3);
    expect(summary[12].split(',').slice(0, 6)).toEqual([
      'IN / risk.alpha=0.95',
      '2',
      'safest',
      ...[result.frontier[2].expectedCost, result.frontier[2].cvar, result.frontier[2].worstCaseCost].map(String),
    ]);
  });

  it('resumes: solves only the variations whose result is missing, incomplete or for other input', () => {
    const untouched = join(out, 'EU_risk.alpha=0.9.json');
    const before = statSync(untouched).mtimeMs;
    const kept = readFileSync(untouched, 'utf8');
    // A killed run leaves at most a temporary file, never a partial result; a damaged file is solved again too.
    unlinkSync(join(out, 'EU_risk.alpha=0.95.json'));
    writeFileSync(join(out, 'IN_risk.alpha=0.9.json'), '{"status": "optimal", "fron');
    writeFileSync(join(out, 'IN_risk.alpha=0.95.json.tmp-12345'), '{');
    const r = lodestone('batch', batchFile, '--out', out, '--points', '3');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('2 of 4 variations already solved');
    expect(r.stderr).toContain('solving the other 2');
    expect(r.stderr).toContain('IN_risk.alpha=0.9.json is not a complete result');
    expect(statSync(untouched).mtimeMs).toBe(before);
    expect(readFileSync(untouched, 'utf8')).toBe(kept);
    expect(readdirSync(out).sort()).toEqual([...expectedFiles, 'summary.csv'].sort());
    expect(readFileSync(join(out, 'summary.csv'), 'utf8').trimEnd().split('\r\n')).toHaveLength(13);

    // Other options make other results: all solved again.
    const again = lodestone('batch', batchFile, '--out', out, '--points', '4');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('was written for another input or options');
    expect(parseJson<FrontierResult>(readFileSync(untouched, 'utf8')).frontier).toHaveLength(4);
  });

  it('stops on Ctrl-C with the finished results kept (exit 130), and the next run solves only the rest', async () => {
    const slowFile = join(dir, 'slow.json');
    const slowOut = join(dir, 'slow-out');
    const small = JSON.parse(readFileSync(join(root, 'fixtures/bench/small.json'), 'utf8'));
    writeFileSync(
      slowFile,
      JSON.stringify({ base: small, sweep: { grid: { '/risk/alpha': [0.8, 0.85, 0.9, 0.95, 0.97] } } }),
    );
    const child = spawn(process.execPath, [...CLI_ENTRY, 'batch', slowFile, '--out', slowOut, '--points', '5'], {
      cwd: root,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const results = () =>
      existsSync(slowOut) ? readdirSync(slowOut).filter((f) => f.startsWith('risk') && f.endsWith('.json')) : [];
    for (let i = 0; i < 600 && results().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('run the same command again to resume');
    const kept = results();
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThan(5);
    expect(readdirSync(slowOut).filter((f) => f.includes('.tmp-'))).toEqual([]);

    const r = lodestone('batch', slowFile, '--out', slowOut, '--points', '5');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${kept.length} of 5 variations already solved`);
    expect(results()).toHaveLength(5);
  });

  it('takes a directory of problem files, JSON and MessagePack, named by file, on a worker pool', () => {
    const problems = join(dir, 'problems');
    mkdirSync(problems);
    writeFileSync(join(problems, 'wind.json'), JSON.stringify(wind));
    writeFileSync(join(problems, 'sample.msgpack'), pack(sampleProblemInput()));
    writeFileSync(join(problems, 'notes.txt'), 'not a problem');
    const dirOut = join(dir, 'dir-out');
    const r = lodestone('batch', problems, '--out', dirOut, '--workers', '2', '--points', '3');
    expect(r.stderr).toContain('2 of 2 variations solved');
    expect(r.code).toBe(0);
    expect(readdirSync(dirOut).sort()).toEqual(['sample.json', 'summary.csv', 'wind.json']);
    const rows = readFileSync(join(dirOut, 'summary.csv'), 'utf8').trimEnd().split('\r\n').slice(1);
    expect(rows[0].startsWith('sample,0,')).toBe(true);
    expect(rows.at(-1)!.startsWith('wind,2,safest,')).toBe(true);
  });

  it('exits 2 on an invalid batch, naming each invalid variation, and solves nothing', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        base: wind,
        sweep: {
          variations: [{ name: 'ok' }, { name: 'broken', patch: [{ op: 'replace', path: '/periods', value: -1 }] }],
        },
      }),
    );
    const badOut = join(dir, 'bad-out');
    const r = lodestone('batch', bad, '--out', badOut);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('variation 1 (broken): $.periods:');
    expect(existsSync(badOut)).toBe(false);

    const patch = join(dir, 'patch.json');
    writeFileSync(
      patch,
      JSON.stringify({
        base: wind,
        sweep: { variations: [{ name: 'IN', patch: [{ op: 'replace', path: '/nowhere', value: 1 }] }] },
      }),
    );
    const p = lodestone('batch', patch, '--out', badOut);
    expect(p.code).toBe(2);
    // every batch error in one format, the variation first (issue 12: patch and problem errors are reported together)
    expect(p.stderr).toContain('variation 0 (IN): $.sweep.variations[0].patch[0]: replace /nowhere');

    const single = lodestone('batch', join(root, 'fixtures/wind-turbine-oem.json'), '--out', badOut);
    expect(single.code).toBe(2);
    expect(single.stderr).toContain('not a batch');
  });
});
