import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every source and doc file a citation may sit in. */
function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'out' || name === 'dist' || name === 'test-results') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, out);
    else if (/\.(ts|tsx|mjs|md|yml)$/.test(name)) out.push(path);
  }
  return out;
}

/** The headings of a doc, as written and as GitHub anchors. */
function sections(doc: string): { titles: Set<string>; anchors: Set<string> } {
  const titles = new Set<string>();
  const anchors = new Set<string>();
  for (const line of readFileSync(doc, 'utf8').split('\n')) {
    const heading = /^#{1,4} (.+)$/.exec(line)?.[1]?.trim();
    if (!heading) continue;
    titles.add(heading.toLowerCase());
    // "The fence (`main/…`)" and "Fast labels: one geometry, …" are cited by their name alone.
    titles.add(
      heading
        .replace(/\s*\(.*\)$/, '')
        .replace(/:.*$/, '')
        .toLowerCase(),
    );
    anchors.add(
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    );
  }
  return { titles, anchors };
}

const roots = ['main', 'preload', 'renderer', 'tests', 'bench', 'scripts', 'docs', 'bin'].filter((d) => {
  try {
    return statSync(d).isDirectory();
  } catch {
    return false;
  }
});
const all = [...roots.flatMap((d) => files(d)), 'README.md'];

describe('citations of the docs', () => {
  it('name doc sections that exist: `docs/x.md, "Section"` and `docs/x.md#anchor`', () => {
    const missing: string[] = [];
    for (const file of all) {
      if (file.endsWith('doc-citations.test.ts')) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/docs\/([\w.-]+\.md)(?:\)?,\s*(?:\/\/\s*|\*\s*)?"([^"\n]+)"|#([\w-]+))/g)) {
        const doc = join('docs', m[1]!);
        let known;
        try {
          known = sections(doc);
        } catch {
          missing.push(`${file}: ${m[0]} (no such doc)`);
          continue;
        }
        if (m[2] !== undefined && !known.titles.has(m[2].toLowerCase())) missing.push(`${file}: ${m[0]}`);
        if (m[3] !== undefined && !known.anchors.has(m[3].toLowerCase())) missing.push(`${file}: ${m[0]}`);
      }
      // Inside docs/, a section of the same folder is cited as (x.md, "Section") or x.md#anchor.
      if (file.startsWith('docs')) {
        // (this file's own examples above are not citations)
        for (const m of text.matchAll(/\]\(([\w-]+\.md)#([\w-]+)\)/g)) {
          if (!sections(join('docs', m[1]!)).anchors.has(m[2]!)) missing.push(`${file}: ${m[0]}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('figures in the docs', () => {
  // A measured figure: a time in ms, a speed, a "s of wall/CPU", a ratio such as 0.29× (not a size such as 1280×800), RSS.
  const FIGURE = /\b\d[\d,.]*\s?(ms|SIMs\/s)\b|\bs of (wall|CPU)\b|\b\d+(\.\d+)?×(?!\d)|\bRSS\b|\bratio \d/;
  const benches = new Set(/\[-- ([\w|-]+)\]/.exec(readFileSync('bench/run.ts', 'utf8'))![1]!.split('|'));
  const docs = ['README.md', ...readdirSync('docs').flatMap((f) => (f.endsWith('.md') ? [join('docs', f)] : []))];

  it('each paragraph that quotes a measured figure names the bench it comes from, and that bench exists', () => {
    const unnamed: string[] = [];
    for (const doc of docs) {
      for (const paragraph of readFileSync(doc, 'utf8').split(/\n\s*\n/)) {
        // Settings and limits a test uses (latency 400 ms, a 2 MB tmpfs) are not measurements: only paragraphs that report results count.
        if (!FIGURE.test(paragraph) || !/\b(measured|median|one run|bench|ratio|peak|took|reached|stall)\b/i.test(paragraph)) continue;
        const named = [...paragraph.matchAll(/npm run bench -- ([\w-]+)|bench\/([\w-]+)\.ts/g)].map((m) => m[1] ?? m[2]!);
        if (named.length === 0 || named.some((name) => !benches.has(name))) unnamed.push(`${doc}: ${paragraph.trim().slice(0, 120)}`);
      }
    }
    expect(unnamed).toEqual([]);
  });
});
