/**
 * Labels against gLabels, both run as whole processes and measured in this one run:
 * - 1,000 Avery 5160 labels with the ICCID as the QR content (number and NID as text),
 *   written as PDF by `node bin/simfleet.mjs labels … --qr iccid` and by `glabels-3-batch`
 *   from a merge template: wall and CPU time of each, median of three (target ≤ 1×);
 * - how many of the 1,000 QR codes zbarimg decodes on whole pages rasterised at 300 dpi
 *   (target: all 1,000), outside the timed part.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mappingCsvExport, type MappingRow } from '../main/export/mapping-export';
import { luhnCheckDigit } from '../main/import/iccid';

const ROOT = join(import.meta.dirname, '..');
const COUNT = 1000;
const TIME = '/usr/bin/time';

/** Distinct, Luhn-valid SIMs, provisioned, as the app's mapping export lists them. */
function sims(): MappingRow[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const body = `8901260${String(i).padStart(8, '0')}4242`;
    return {
      iccid: body + luhnCheckDigit(body),
      number: `+1801555${String(i).padStart(4, '0')}`,
      nid: `TNID-97729565${String(i).padStart(5, '0')}`,
      lpa: null,
      orderId: null,
      orderStatus: null,
      subscriberId: null,
      zipCode: null,
      provisionedAt: null,
      state: 'provisioned',
      message: '',
    };
  });
}

const xml = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');

/**
 * Avery 5160 with the same geometry as SimFleet's label: a 0.88 in QR at the left, number,
 * ICCID and NID to its right. The barcode takes its data from `field=`: a `${ICCID}` in
 * `data=` is not merged and every QR would hold that literal text.
 */
function glabelsTemplate(csv: string): string {
  const unrotated = 'a0="1" a1="0" a2="0" a3="1" a4="0" a5="0"';
  const text = (y: string, field: string, font: string, size: number, weight: string): string =>
    `    <Object-text x="1.0in" y="${y}" w="1.55in" h="0.25in" justify="Left" valign="Top" auto_shrink="False" ${unrotated}>\n` +
    `      <Span font_family="${font}" font_size="${size}" font_weight="${weight}" font_italic="False" color="0x000000ff" line_spacing="1">` +
    `\${${field}}</Span>\n` +
    `    </Object-text>\n`;
  return (
    `<?xml version="1.0"?>\n<Glabels-document xmlns="http://glabels.org/xmlns/3.0/">\n` +
    `  <Template brand="Avery" part="5160" size="US-Letter" description="Address Labels">\n    <Meta category="label"/>\n` +
    `    <Label-rectangle id="0" width="2.625in" height="1in" round="0.0625in">\n      <Markup-margin size="0.0625in"/>\n` +
    `      <Layout nx="3" ny="10" x0="0.1875in" y0="0.5in" dx="2.75in" dy="1in"/>\n    </Label-rectangle>\n  </Template>\n` +
    `  <Objects id="0" rotate="False">\n` +
    `    <Object-barcode x="0.06in" y="0.06in" w="0.88in" h="0.88in" backend="libqrencode" style="IEC18004" text="False" checksum="True" ` +
    `field="ICCID" color="0x000000ff" ${unrotated}/>\n` +
    text('0.12in', 'Number', 'Sans', 11, 'Bold') +
    text('0.42in', 'IccidText', 'Monospace', 8, 'Regular') +
    text('0.64in', 'NID', 'Monospace', 7, 'Regular') +
    `  </Objects>\n  <Merge type="Text/Comma/Line1Keys" src="${xml(csv)}"/>\n</Glabels-document>\n`
  );
}

const onPath = (command: string): boolean => spawnSync('which', [command], { stdio: 'ignore' }).status === 0;

/** Newest .ts under main/ and preload/ against the CLI bundle: bin/simfleet.mjs runs the sources through tsx when they are newer. */
function bundleFresh(): boolean {
  const bundle = join(ROOT, 'out/cli/simfleet.mjs');
  if (!existsSync(bundle)) return false;
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  ['main', 'preload'].forEach((d) => visit(join(ROOT, d)));
  return newest <= statSync(bundle).mtimeMs;
}

interface Run {
  wallS: number;
  /** User + system seconds of the process and its threads; null without /usr/bin/time. */
  cpuS: number | null;
  stderr: string;
}

/** Runs one command to completion, its output into files (gLabels' D-Bus warnings stay out of the bench's output). */
function timed(dir: string, command: string, args: string[]): Run {
  const timeFile = join(dir, 'time.txt');
  const errFile = join(dir, 'stderr.txt');
  const err = openSync(errFile, 'w');
  const withTime = existsSync(TIME);
  const start = performance.now();
  const result = spawnSync(withTime ? TIME : command, withTime ? ['-f', '%e %U %S', '-o', timeFile, command, ...args] : args, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', err],
    timeout: 600_000,
  });
  const wallS = (performance.now() - start) / 1000;
  closeSync(err);
  const stderr = readFileSync(errFile, 'utf8');
  if (result.status !== 0) {
    const tail = stderr.split('\n').filter((l) => l && !/dbus|^Connection /i.test(l));
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}):\n${tail.slice(-10).join('\n')}`,
    );
  }
  // GNU time's last line is "%e %U %S".
  const cpuS = withTime
    ? readFileSync(timeFile, 'utf8')
        .trim()
        .split('\n')
        .at(-1)!
        .split(' ')
        .slice(1)
        .map(Number)
        .reduce((a, b) => a + b, 0)
    : null;
  return { wallS, cpuS, stderr };
}

/** Every whole page at 300 dpi, grey, antialiased (pdftoppm's default), each page decoded by zbarimg as a whole. */
function decode(dir: string, pdf: string, expected: ReadonlySet<string>): { pages: number; found: number; wrong: string[] } {
  const prefix = join(dir, 'page');
  execFileSync('pdftoppm', ['-r', '300', '-gray', pdf, prefix], { stdio: 'ignore' });
  const pages = readdirSync(dir)
    .filter((f) => f.startsWith('page-') && f.endsWith('.pgm'))
    .sort()
    .map((f) => join(dir, f));
  const found = new Set<string>();
  const wrong: string[] = [];
  try {
    for (const page of pages) {
      const r = spawnSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', page], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      // 4: no symbol found on the page, which the count shows.
      if (r.status !== 0 && r.status !== 4) throw new Error(`zbarimg ${page} failed (exit ${r.status}): ${r.stderr.slice(-500)}`);
      for (const value of r.stdout.split('\n').filter(Boolean)) {
        if (expected.has(value)) found.add(value);
        else wrong.push(value);
      }
    }
  } finally {
    // A page is 8 MB: gone before the next PDF is rasterised.
    for (const page of pages) rmSync(page, { force: true });
  }
  return { pages: pages.length, found: found.size, wrong };
}

const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
const s = (n: number): string => `${n.toFixed(2)} s`;
const n = (v: number): string => v.toLocaleString('en-US');

export async function benchLabelsVsGlabels(): Promise<void> {
  for (const [tool, pkg] of [
    ['pdftoppm', 'poppler-utils'],
    ['zbarimg', 'zbar-tools'],
  ] as const) {
    if (!onPath(tool)) throw new Error(`labels-vs-glabels needs ${tool} (Debian package ${pkg}).`);
  }
  if (!onPath('glabels-3-batch')) {
    console.log('labels-vs-glabels: glabels-3-batch is missing; running apt-get install -y glabels');
    execFileSync('apt-get', ['install', '-y', 'glabels'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  // The CLI half of `npm run build`: otherwise bin/simfleet.mjs would compile the sources on every run, inside the timing.
  if (!bundleFresh()) {
    console.log('labels-vs-glabels: out/cli is missing or older than the sources; running node scripts/build-cli.mjs');
    execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, stdio: 'inherit' });
  }

  const dir = mkdtempSync(join(tmpdir(), 'simfleet-bench-glabels-'));
  try {
    const rows = sims();
    const expected = new Set(rows.map((r) => r.iccid));
    const mapping = join(dir, 'bench-mapping.csv');
    // The app's own export (Environment PRODUCTION): the file an operator hands to `simfleet labels`.
    writeFileSync(mapping, mappingCsvExport(rows, 'bench', 'production'));
    // Number and ICCID as SimFleet prints them on the label, so both sheets carry the same text.
    const merge = join(dir, 'glabels-data.csv');
    writeFileSync(
      merge,
      'ICCID,IccidText,Number,NID\n' +
        rows.map((r) => `${r.iccid},${r.iccid.replace(/(\d{4})(?=\d)/g, '$1 ')},(801) 555-${r.number!.slice(-4)},${r.nid}\n`).join(''),
    );
    const template = join(dir, 'avery-5160.glabels');
    writeFileSync(template, glabelsTemplate(merge));

    const simfleet = (out: string): Run =>
      timed(dir, process.execPath, ['bin/simfleet.mjs', 'labels', mapping, '--stock', 'avery-5160', '--format', 'pdf', '--qr', 'iccid', '--out', out]);
    const glabels = (out: string): Run => timed(dir, 'glabels-3-batch', ['-o', out, template]);

    // One untimed run each (disk cache, fonts), then the two in turn so a drift of the shared machine hits both.
    const warnings = new Set(
      simfleet(join(dir, 'simfleet-warm.pdf'))
        .stderr.split('\n')
        .filter((l) => l.startsWith('warning:')),
    );
    glabels(join(dir, 'glabels-warm.pdf'));
    const sf: Run[] = [];
    const gl: Run[] = [];
    for (let run = 0; run < 3; run++) {
      sf.push(simfleet(join(dir, `simfleet-${run}.pdf`)));
      gl.push(glabels(join(dir, `glabels-${run}.pdf`)));
    }
    const stale = !bundleFresh();

    const sfPdf = join(dir, 'simfleet-2.pdf');
    const glPdf = join(dir, 'glabels-2.pdf');
    const sfDecoded = decode(dir, sfPdf, expected);
    const glDecoded = decode(dir, glPdf, expected);

    const cpuKnown = sf.every((r) => r.cpuS !== null) && gl.every((r) => r.cpuS !== null);
    const line = (name: string, runs: Run[], pdf: string, pages: number): string => {
      const wall = `wall median ${s(median(runs.map((r) => r.wallS)))} of ${runs.map((r) => s(r.wallS)).join(', ')}`;
      const cpu = cpuKnown ? `; CPU median ${s(median(runs.map((r) => r.cpuS!)))} of ${runs.map((r) => s(r.cpuS!)).join(', ')}` : '';
      return `  ${name} (${pages} pages, ${(statSync(pdf).size / 1024).toFixed(0)} KB): ${wall}${cpu}`;
    };
    const ratio = (pick: (r: Run) => number): string => (median(sf.map(pick)) / median(gl.map(pick))).toFixed(2);
    const wrongText = (w: string[]): string => (w.length === 0 ? 'none' : `${n(w.length)}, e.g. "${w[0]}"`);

    console.log(`labels vs gLabels: ${n(COUNT)} Avery 5160 labels, QR = ICCID (number, ICCID, NID as text), PDF, each a whole process`);
    console.log(line('SimFleet  `node bin/simfleet.mjs labels … --qr iccid`', sf, sfPdf, sfDecoded.pages));
    console.log(line('gLabels   `glabels-3-batch -o … template.glabels`', gl, glPdf, glDecoded.pages));
    console.log(
      `  ratio SimFleet / gLabels: wall ${ratio((r) => r.wallS)}` +
        (cpuKnown ? `, CPU ${ratio((r) => r.cpuS!)}` : ' (CPU not measured: /usr/bin/time is missing)') +
        ' (target ≤ 1)',
    );
    console.log(
      `  decoded QR codes at 300 dpi: SimFleet ${n(sfDecoded.found)} of ${n(COUNT)}, gLabels ${n(glDecoded.found)} of ${n(COUNT)} ` +
        `(target: ${n(COUNT)} of ${n(COUNT)}); wrong values: SimFleet ${wrongText(sfDecoded.wrong)}, gLabels ${wrongText(glDecoded.wrong)}`,
    );
    for (const w of warnings) console.log(`  SimFleet said: ${w}`);
    if (stale) console.log('  note: sources under main/ or preload/ changed during the runs; later SimFleet runs may have gone through tsx');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
