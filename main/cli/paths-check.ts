/**
 * The CLI's file options, checked before anything is sent (docs/cli.md): an output
 * into a folder that does not exist, an input that is a folder, a FIFO or a device,
 * or a data folder that cannot be written would otherwise be found only after SIMs
 * were bought. Each refusal says which path and what to do.
 */
import { accessSync, constants, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors/user-error';

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The input list: an existing regular file within the size limit (checked from its size, never by reading). */
export function checkInputFile(path: string, maxBytes: number): string {
  const full = resolve(path);
  const stat = statOrNull(full);
  if (!stat) throw new UserError('input_missing', `Cannot read ${path}: no such file.`);
  if (!stat.isFile()) throw new UserError('input_not_file', `${path} is ${kindOf(stat)}, not a list file. Give the path of a CSV, TSV, TXT or .xlsx file.`);
  if (stat.size > maxBytes) {
    throw new UserError(
      'file_too_large',
      `${path} is ${(stat.size / 1024 / 1024).toFixed(1)} MB; SimFleet imports lists up to ${maxBytes / 1024 / 1024} MB. Split it into smaller lists.`,
    );
  }
  try {
    accessSync(full, constants.R_OK);
  } catch {
    throw new UserError('input_unreadable', `Cannot read ${path}: permission denied.`);
  }
  return full;
}

/** Where a result file goes: its folder exists and can be written, and the path is not a folder. */
export function checkOutputFile(path: string): string {
  const full = resolve(path);
  const stat = statOrNull(full);
  if (stat && !stat.isFile()) throw new UserError('output_not_file', `--out ${path} is ${kindOf(stat)}; give a file name.`);
  const folder = dirname(full);
  const dir = statOrNull(folder);
  if (!dir) throw new UserError('output_folder_missing', `--out ${path}: the folder ${folder} does not exist. Create it first; nothing was sent.`);
  if (!dir.isDirectory()) throw new UserError('output_folder_missing', `--out ${path}: ${folder} is not a folder.`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UserError('output_unwritable', `--out ${path}: the folder ${folder} cannot be written. Choose another place; nothing was sent.`);
  }
  return full;
}

/** The data folder: created if missing; must be a writable folder. */
export function checkDataDir(path: string): string {
  const full = resolve(path);
  const stat = statOrNull(full);
  if (stat && !stat.isDirectory()) throw new UserError('data_dir_invalid', `--data-dir ${path} is ${kindOf(stat)}, not a folder.`);
  try {
    if (!stat) mkdirSync(full, { recursive: true, mode: 0o700 });
    accessSync(full, constants.W_OK | constants.R_OK);
  } catch (error) {
    throw new UserError(
      'data_dir_invalid',
      `The data folder ${path} cannot be ${stat ? 'written' : 'created'} ` +
        `(${(error as NodeJS.ErrnoException).code ?? 'error'}). Choose a folder you can write to with --data-dir.`,
    );
  }
  return full;
}

/** A data folder named to be read (never created): it must exist and be a folder. */
export function checkDataDirExists(path: string): string {
  const full = resolve(path);
  const stat = statOrNull(full);
  if (!stat) throw new UserError('data_dir_missing', `--data-dir ${path}: no such folder. Give SimFleet's data folder, or leave --data-dir out for the app's.`);
  if (!stat.isDirectory()) throw new UserError('data_dir_invalid', `--data-dir ${path} is ${kindOf(stat)}, not a folder.`);
  return full;
}
