// How jobs and variations are stored in their columns and read back: the
// problems as MessagePack, options, patches, results, errors and solvedBy as
// JSON, times as ms since the epoch (ISO strings in a JobView), and a job's
// progress counted from its variations' statuses.

import { Packr, Unpackr } from 'msgpackr';
import type { PatchOperation } from '../../batch/json-patch.js';
import type { FrontierResult } from '../../frontier/solve-frontier.js';
import type { JobFailure, JobOptions, JobProgress, JobStatus, SolvedBy, VariationView } from '../job-queue.js';
import type { ClaimedVariation, JobSummary } from '../job-store.js';

// Plain MessagePack (no msgpackr records), so any decoder can read the stored problems.
const packr = new Packr({ useRecords: false, moreTypes: false });
const unpackr = new Unpackr({ mapsAsObjects: true, int64AsType: 'number' });

export const packDocuments = (documents: unknown[]): Buffer => packr.pack(documents);

/** A jobs row as the store reads it. */
export interface JobRow {
  id: string;
  tenant: string;
  status: JobStatus;
  options: string;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

/** A variations row as a JobView shows it. */
export interface VariationRow {
  solved_by: string | null;
  idx: number;
  name: string;
  status: JobStatus;
  attempts: number;
  started_at: number | null;
  finished_at: number | null;
  result: string | null;
  error: string | null;
}

/** A variations row as a claim hands it to the runner, with its job's documents and options. */
export interface ClaimRow {
  idx: number;
  name: string;
  attempts: number;
  document: number;
  patch: string;
}

const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());

export function jobSummaryOf(job: JobRow, progress: JobProgress): JobSummary {
  return {
    id: job.id,
    status: job.status,
    createdAt: iso(job.created_at)!,
    updatedAt: iso(job.updated_at)!,
    ...(job.finished_at !== null ? { finishedAt: iso(job.finished_at) } : {}),
    options: JSON.parse(job.options) as JobOptions,
    progress,
  };
}

export function variationViewOf(row: VariationRow): VariationView {
  return {
    index: row.idx,
    name: row.name,
    status: row.status,
    attempts: row.attempts,
    ...(row.started_at !== null ? { startedAt: iso(row.started_at) } : {}),
    ...(row.finished_at !== null ? { finishedAt: iso(row.finished_at) } : {}),
    ...(row.result !== null ? { result: JSON.parse(row.result) as FrontierResult } : {}),
    ...(row.error !== null ? { error: JSON.parse(row.error) as JobFailure } : {}),
    ...(row.solved_by !== null ? { solvedBy: JSON.parse(row.solved_by) as SolvedBy } : {}),
  };
}

export function claimedVariationOf(
  jobId: string,
  row: ClaimRow,
  job: { documents: Buffer; options: string },
): ClaimedVariation {
  return {
    jobId,
    index: row.idx,
    name: row.name,
    attempts: row.attempts,
    documents: unpackr.unpack(job.documents) as unknown[],
    document: row.document,
    patch: JSON.parse(row.patch) as PatchOperation[],
    options: JSON.parse(job.options) as JobOptions,
  };
}

export function progressOf(counts: { status: JobStatus; n: number }[]): JobProgress {
  const progress: JobProgress = { total: 0, queued: 0, running: 0, done: 0, failed: 0, cancelled: 0, fraction: 0 };
  for (const { status, n } of counts) {
    progress[status] += n;
    progress.total += n;
  }
  progress.fraction = progress.total === 0 ? 1 : (progress.done + progress.failed) / progress.total;
  return progress;
}
