// A batch variation can ask for MODEL.md section 9 (a patch adding `analysis`),
// and the batch summary CSV carries its figures (lodestone batch, a real process).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handProblem } from './hand-problem.js';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'lodestone-analysis-batch-'));

describe('analysis in a batch', () => {
  it(
    'one variation asks for vss and evpi; summary.csv has them for it and blanks for the other',
    { timeout: 240_000 },
    () => {
      const batch = {
        base: { ...handProblem(), currency: 'EUR' },
        sweep: {
          variations: [
            { name: 'plain' },
            { name: 'analysed', patch: [{ op: 'add', path: '/analysis', value: ['vss', 'evpi'] }] },
          ],
        },
      };
      const file = join(dir, 'batch.json');
      const out = join(dir, 'out');
      writeFileSync(file, JSON.stringify(batch));
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(root, 'src/cli/run.ts'), 'batch', file, '--out', out],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: 200_000,
        },
      );
      expect(r.status, r.stderr).toBe(0);
      const [header, ...rows] = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\r\n');
      const columns = header.split(',');
      const vss = columns.indexOf('analysis.vss');
      const evpi = columns.indexOf('analysis.evpi');
      expect(vss).toBeGreaterThan(0);
      // counted from the end: the analysis columns come last, and a quoted topLimit sentence may hold commas
      const cells = (name: string) =>
        rows
          .filter((row) => row.startsWith(`${name},`))
          .map((row) => {
            const fields = row.split(',');
            return columns.map((_, i) => fields.at(i - columns.length) ?? '');
          });
      for (const row of cells('analysed')) {
        expect(Number(row[vss])).toBeCloseTo(300, 6);
        expect(Number(row[evpi])).toBeCloseTo(100, 6);
      }
      for (const row of cells('plain')) expect(row[vss]).toBe('');
      expect(cells('analysed').length).toBeGreaterThan(0);
    },
  );
});
