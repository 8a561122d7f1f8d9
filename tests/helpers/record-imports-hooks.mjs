// The resolve hook behind tests/helpers/record-imports.mjs (it runs on Node's loader thread).
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, next) {
  // Bare names only: relative paths and node: built-ins say nothing about packages.
  if (file && !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.includes(':')) appendFileSync(file, `${specifier}\n`);
  return next(specifier, context);
}
