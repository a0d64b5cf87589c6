// The job database's tables and how an older file is brought up to them:
//
//   jobs        id (random UUID), seq (submission order), status, options (JSON),
//               documents (MessagePack: the base problem, or each problem of a list),
//               created_at, updated_at, started_at, finished_at (ms since the epoch),
//               tenant (the API key's name; '' without keys; schema version 2)
//   variations  (job_id, idx), name, document, patch (JSON, RFC 6902), status,
//               attempts (solves started), started_at, finished_at,
//               result (FrontierResult JSON; present exactly when status = 'done'),
//               error (JSON {code, message, errors?}), solved_by (JSON {host, pid})
//   events      id (AUTOINCREMENT: increasing, never reused), job_id, type, data (JSON), created_at
//
// The version is SQLite's user_version; a file newer than this code is refused.

import type Database from 'better-sqlite3';

const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE jobs (
  id          TEXT PRIMARY KEY,
  seq         INTEGER NOT NULL UNIQUE,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  options     TEXT NOT NULL,
  documents   BLOB NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  started_at  INTEGER,
  finished_at INTEGER
) STRICT;
CREATE INDEX jobs_by_status ON jobs (status, seq);

CREATE TABLE variations (
  job_id      TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  name        TEXT NOT NULL,
  document    INTEGER NOT NULL,
  patch       TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  started_at  INTEGER,
  finished_at INTEGER,
  result      TEXT,
  error       TEXT,
  PRIMARY KEY (job_id, idx),
  CHECK ((status = 'done') = (result IS NOT NULL))
) STRICT;
CREATE INDEX variations_by_status ON variations (status);

CREATE TABLE events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id      TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  type        TEXT NOT NULL CHECK (type IN ('status', 'variation', 'point')),
  data        TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX events_by_job ON events (job_id, id);
`;

/** Each step takes the schema from version i + 1 to i + 2; a database of any older version is brought up in order. */
const MIGRATIONS = [
  // 2: jobs belong to a tenant (an API key's name); jobs from before keys belong to '' (no key).
  `ALTER TABLE jobs ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
   CREATE INDEX jobs_by_tenant ON jobs (tenant, seq);
   CREATE INDEX jobs_by_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;`,
];

/** Creates the tables in an empty file, or migrates an older one, then adds solved_by if missing. */
export function prepareSchema(db: Database.Database): void {
  migrate(db);
  addSolvedByColumn(db);
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION)
    throw new Error(
      `the job database has schema version ${version}; this Lodestone knows versions up to ${SCHEMA_VERSION} only`,
    );
  db.transaction(() => {
    if (version === 0) db.exec(SCHEMA);
    for (const step of MIGRATIONS.slice(Math.max(0, version - 1))) db.exec(step);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * Which worker (host, process) solved a variation: a column added in place
 * when missing, so it rides along whatever schema version the file has.
 */
function addSolvedByColumn(db: Database.Database): void {
  const columns = db.pragma('table_info(variations)') as { name: string }[];
  if (!columns.some((column) => column.name === 'solved_by'))
    db.exec('ALTER TABLE variations ADD COLUMN solved_by TEXT');
}
