/**
 * Reading batches: where a batch's journal is, and its state, from the live run when this
 * process runs it, else from the journal on disk (derived once per version of the file).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Environment } from '../../preload/domain';
import { environmentDir } from '../environment/paths';
import { UserError } from '../errors/user-error';
import { derive, type BatchState, type BatchStatus } from './derive';
import type { BatchRun } from './engine';
import { readJournalChecked } from './journal';

export interface BatchReads {
  readonly batchesDir: (env?: Environment) => string;
  readonly journalPath: (id: string) => string;
  readonly stateOf: (id: string) => Promise<{ state: BatchState; liveStatus: BatchStatus | null; run?: BatchRun }>;
}

export function createBatchReads(deps: {
  readonly dataRoot: string;
  readonly environment: () => Environment;
  readonly liveRun: (id: string) => BatchRun | undefined;
}): BatchReads {
  const cache = new Map<string, { size: number; mtime: number; state: BatchState }>();
  const batchesDir = (env: Environment = deps.environment()): string => join(environmentDir(deps.dataRoot, env), 'batches');
  const journalPath = (id: string): string => {
    if (!/^[\w-]+$/.test(id)) throw new UserError('batch_not_found', 'No such batch.');
    return join(batchesDir(), `${id}.jsonl`);
  };
  async function stateOf(id: string): Promise<{ state: BatchState; liveStatus: BatchStatus | null; run?: BatchRun }> {
    const run = deps.liveRun(id);
    if (run) return { state: run.state, liveStatus: run.status(), run };
    const path = journalPath(id);
    const found = await stat(path).catch(() => null);
    if (!found) throw new UserError('batch_not_found', `There is no batch ${id} in the ${deps.environment()} data folder.`);
    const cached = cache.get(path);
    if (cached && cached.size === found.size && cached.mtime === found.mtimeMs) return { state: cached.state, liveStatus: null };
    const read = await readJournalChecked(path);
    const state = derive(read.records, false, read.damage);
    cache.set(path, { size: found.size, mtime: found.mtimeMs, state });
    return { state, liveStatus: null };
  }
  return { batchesDir, journalPath, stateOf };
}
