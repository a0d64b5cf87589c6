// Opening the job database: one SQLite file (better-sqlite3), `lodestone.db`
// under LODESTONE_DATA_DIR, with its schema brought up to date (schema.ts).
//
// WAL mode with synchronous=NORMAL: a commit is in the WAL before it returns,
// so a killed process (kill -9) loses nothing committed; a power cut may lose
// the last commits, whose variations are then solved again, never twice
// recorded. The file is opened in exclusive locking mode: a second service on
// the same data directory is refused instead of running the same jobs twice.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { prepareSchema } from './schema.js';

export const DATABASE_FILE = 'lodestone.db';

/** The data directory is used by another process (another service, or a stale one still running). */
export class JobStoreLockedError extends Error {
  override readonly name = 'JobStoreLockedError';
}

/** Opens (creating if need be) the database in `dataDir`; ':memory:' for one that lives and dies with the process. */
export function openJobDatabase(dataDir: string): Database.Database {
  const file = dataDir === ':memory:' ? ':memory:' : join(resolve(dataDir), DATABASE_FILE);
  if (file !== ':memory:') mkdirSync(resolve(dataDir), { recursive: true });
  const db = new Database(file, { timeout: 250 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // also what lets a purge delete a job's variations and events with it (ON DELETE CASCADE)
    db.pragma('foreign_keys = ON');
    prepareSchema(db);
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new JobStoreLockedError(
        `the job database ${file} is in use by another process (is another Lodestone service using LODESTONE_DATA_DIR=${dataDir}?)`,
      );
    }
    throw error;
  }
  return db;
}
