import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openHeadlessServices } from '../../main/services/headless';
import { BUILT_IN_STOCKS } from '../../main/labels/stocks';

const dir = mkdtempSync(join(tmpdir(), 'simfleet-cli-labels-'));
const mapping = join(dir, 'PRACTICE-run-mapping.csv');
writeFileSync(
  mapping,
  [
    'ICCID,PhoneNumber,PhoneNumberId,OrderId,OrderStatus,SubscriberId,ZipCode,ProvisionedAt,BatchName,State,Message,Environment',
    "89012605260181590835,'+18016025346,NID-1,JNUOID-1,Complete,,84603,2026-11-29T10:00:00.000Z,run,provisioned,,PRACTICE",
    "89012600166131860910,'+18016025347,NID-2,JNUOID-2,Complete,,84603,2026-11-29T10:00:01.000Z,run,provisioned,,PRACTICE",
    '89012603909960308247,,,,,,,,run,failed,Invalid AccountId,PRACTICE',
  ].join('\n'),
);
const simfleet = (...args: string[]) => spawnSync(process.execPath, ['bin/simfleet.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('simfleet labels', () => {
  it('writes a PDF whose QR codes decode to the mapping rows', () => {
    const out = join(dir, 'labels.pdf');
    const r = simfleet('labels', mapping, '--stock', 'avery-5163', '--format', 'pdf', '--out', out, '--qr', 'iccid');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('2 label(s) written');
    execFileSync('pdftoppm', ['-r', '300', '-png', out, join(dir, 'page')]);
    const png = readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'))!;
    const decoded = execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', join(dir, png)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .trim()
      .split('\n')
      .sort();
    expect(decoded).toEqual(['89012600166131860910', '89012605260181590835']);
  });

  it('writes ZPL, a PNG ZIP named by ICCID, and HTML', () => {
    expect(simfleet('labels', mapping, '--stock', 'thermal-2x1', '--format', 'zpl', '--dpi', '203', '--out', join(dir, 'l.zpl')).status).toBe(0);
    expect(readFileSync(join(dir, 'l.zpl'), 'utf8').match(/\^XA/g)).toHaveLength(2);
    expect(readFileSync(join(dir, 'l.zpl'), 'utf8')).toContain('^FDPRACTICE - NOT ACTIVE^FS');
    expect(simfleet('labels', mapping, '--format', 'png-zip', '--out', join(dir, 'q.zip')).status).toBe(0);
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(join(dir, 'q.zip'))))).sort()).toEqual([
      'PRACTICE-89012600166131860910.png',
      'PRACTICE-89012605260181590835.png',
    ]);
    expect(simfleet('labels', mapping, '--format', 'html', '--out', join(dir, 'l.html')).status).toBe(0);
    expect(readFileSync(join(dir, 'l.html'), 'utf8')).toContain('@page { size: 215.9mm 279.4mm');
  });

  it('encodes the Lpa column with --qr lpa, and refuses SIMs that have none instead of encoding something else', () => {
    const esim = join(dir, 'PRACTICE-esim-mapping.csv');
    writeFileSync(
      esim,
      [
        'ICCID,PhoneNumber,PhoneNumberId,Lpa,State,Environment',
        "89012605260181590835,'+18016025346,NID-1,LPA:1$T-MOBILE.IDEMIA.IO$AAAA-1111,provisioned,PRACTICE",
        "89012600166131860910,'+18016025347,NID-2,LPA:1$T-MOBILE.IDEMIA.IO$BBBB-2222,provisioned,PRACTICE",
      ].join('\n'),
    );
    const zpl = join(dir, 'esim.zpl');
    expect(simfleet('labels', esim, '--stock', 'thermal-2x1', '--format', 'zpl', '--dpi', '203', '--qr', 'lpa', '--out', zpl).status).toBe(0);
    // Manual input, alphanumeric (A), at the error correction the layout chose.
    const fields = readFileSync(zpl, 'utf8')
      .match(/\^FD[HQM]M,A[^^]*/g)
      ?.map((f) => f.slice(7));
    expect(fields).toEqual(['LPA:1$T-MOBILE.IDEMIA.IO$AAAA-1111', 'LPA:1$T-MOBILE.IDEMIA.IO$BBBB-2222']);
    // The physical SIMs of the first mapping have no LPA: refused, nothing written.
    const refused = simfleet('labels', mapping, '--stock', 'thermal-2x1', '--format', 'zpl', '--dpi', '203', '--qr', 'lpa', '--out', join(dir, 'no-lpa.zpl'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('2 of 2 SIM(s) have no eSIM activation code (LPA) (89012605260181590835, 89012600166131860910)');
    expect(readdirSync(dir)).not.toContain('no-lpa.zpl');
  });

  it('writes ZPL only for roll stocks, with the Code 128 when asked, at 203, 300 or 600 dpi (and says so for anything else)', () => {
    const sheet = simfleet('labels', mapping, '--stock', 'avery-5160', '--format', 'zpl', '--dpi', '203', '--out', join(dir, 'sheet.zpl'));
    expect(sheet.status).toBe(2);
    expect(sheet.stderr).toContain('--stock avery-5160: ZPL is for label printers that print one label at a time off a roll');
    expect(readdirSync(dir)).not.toContain('sheet.zpl');
    const zpl = join(dir, 'bars.zpl');
    const made = simfleet('labels', mapping, '--stock', 'thermal-4x6', '--format', 'zpl', '--dpi', '600', '--barcode', '--out', zpl);
    expect(made.status, made.stderr).toBe(0);
    expect(readFileSync(zpl, 'utf8').match(/\^BCN,\d+,N,N,N,A\^FD\d+\^FS/g)).toHaveLength(2);
    // A 600 dpi Zebra head has 24 dots a millimetre: 4 inches are 2438 dots.
    expect(readFileSync(zpl, 'utf8')).toContain('^PW2438');
    const guessed = simfleet('labels', mapping, '--stock', 'thermal-4x6', '--format', 'zpl', '--out', zpl);
    expect(guessed.status).toBe(2);
    expect(guessed.stderr).toContain("ZPL needs the Zebra's resolution: add --dpi 203, --dpi 300 or --dpi 600");
    const odd = simfleet('labels', mapping, '--stock', 'thermal-4x6', '--format', 'zpl', '--dpi', '150', '--out', zpl);
    expect(odd.status).toBe(2);
    expect(odd.stderr).toContain('--dpi 150: Labels are laid out for printers of 203, 300 or 600 dpi');
  });

  it('marks practice labels whatever made the mapping, and never guesses', () => {
    const bare = join(dir, 'customer.csv');
    writeFileSync(bare, "ICCID,PhoneNumber\n89012605260181590835,'+18016025346\n");
    const refused = simfleet('labels', bare, '--stock', 'thermal-2x1', '--format', 'zpl', '--dpi', '203', '--out', join(dir, 'bare.zpl'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('customer.csv has no Environment column, so SimFleet cannot tell practice SIMs');
    expect(readdirSync(dir)).not.toContain('bare.zpl');
    const stated = simfleet(
      'labels',
      bare,
      '--stock',
      'thermal-2x1',
      '--format',
      'zpl',
      '--dpi',
      '203',
      '--environment',
      'practice',
      '--out',
      join(dir, 'bare.zpl'),
    );
    expect(stated.status, stated.stderr).toBe(0);
    expect(readFileSync(join(dir, 'bare.zpl'), 'utf8')).toContain('^FDPRACTICE - NOT ACTIVE^FS');
    // As a spreadsheet leaves a file: a header in other case with a space, lower-case values, an empty row at the end.
    const saved = join(dir, 'from-excel.csv');
    writeFileSync(saved, "\ufeffICCID,PhoneNumber, environment\n89012605260181590835,'+18016025346,practice\n,,\n");
    const fromExcel = simfleet('labels', saved, '--stock', 'thermal-2x1', '--format', 'zpl', '--dpi', '203', '--out', join(dir, 'excel.zpl'));
    expect(fromExcel.status, fromExcel.stderr).toBe(0);
    expect(readFileSync(join(dir, 'excel.zpl'), 'utf8')).toContain('^FDPRACTICE - NOT ACTIVE^FS');
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, "ICCID,PhoneNumber,Environment\n89012605260181590835,'+18016025346,PRACTICE\n89012600166131860910,'+18016025347,PRODUCTION\n");
    const both = simfleet('labels', mixed, '--format', 'pdf', '--out', join(dir, 'mixed.pdf'));
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('mixes PRODUCTION and PRACTICE rows');
    const clash = simfleet('labels', mapping, '--format', 'pdf', '--environment', 'production', '--out', join(dir, 'clash.pdf'));
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain('says its SIMs are PRACTICE (Environment column) but --environment says production');
  });

  it('leaves off a SIM whose number Telegent gave another SIM too, and says which line (as the Labels screen does)', () => {
    const flagged = join(dir, 'PRACTICE-flagged-mapping.csv');
    const header = 'ICCID,PhoneNumber,PhoneNumberId,State,Message,Environment';
    const twin = 'Telegent returned +18016025346 for this SIM and, on 2026-11-29, for ICCID 89012605260181590835 (batch ""run""): one number for two SIMs.';
    writeFileSync(
      flagged,
      [
        header,
        "89012605260181590835,'+18016025346,NID-1,provisioned,,PRACTICE",
        `89012600166131860910,'+18016025346,NID-2,provisioned,"${twin}",PRACTICE`,
      ].join('\n'),
    );
    const out = join(dir, 'flagged.zip');
    const r = simfleet('labels', flagged, '--format', 'svg-zip', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: 1 SIM(s) left off the labels (line(s) 3)');
    expect(r.stderr).toContain('1 label(s) written');
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(out))))).toEqual(['PRACTICE-89012605260181590835.svg']);
    // Only flagged SIMs: nothing to label, said why (exit 2), no file.
    writeFileSync(flagged, [header, `89012600166131860910,'+18016025346,NID-2,provisioned,"${twin}",PRACTICE`].join('\n'));
    const none = simfleet('labels', flagged, '--format', 'pdf', '--out', join(dir, 'none.pdf'));
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('1 SIM(s) left off the labels (line(s) 2)');
    expect(readdirSync(dir).filter((f) => f.startsWith('none.pdf'))).toEqual([]);
  });

  it('takes a custom stock saved in the app, through the same labels service as the Labels screen', async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'simfleet-cli-stock-'));
    const services = openHeadlessServices({ dataRoot, host: 'cli' });
    const stock = { ...BUILT_IN_STOCKS.find((s) => s.id === 'avery-5163')!, id: 'custom-a4-8', name: 'Custom A4, 8 up', pageWidthMm: 210, pageHeightMm: 297 };
    await services.impl.labels.saveStock({
      ...stock,
      columns: 2,
      rows: 4,
      labelWidthMm: 99,
      labelHeightMm: 67.7,
      marginTopMm: 13,
      marginLeftMm: 5,
      gapXMm: 2,
      gapYMm: 0,
    });
    await services.close();
    const out = join(dir, 'custom.pdf');
    const r = simfleet('labels', mapping, '--stock', 'custom-a4-8', '--format', 'pdf', '--out', out, '--data-dir', dataRoot);
    expect(r.status, r.stderr).toBe(0);
    expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.\d* x 841\.\d* pts/);
    // Without that data folder the stock is unknown, and the refusal lists the ones there are.
    const unknown = simfleet(
      'labels',
      mapping,
      '--stock',
      'custom-a4-8',
      '--format',
      'pdf',
      '--out',
      out,
      '--data-dir',
      mkdtempSync(join(tmpdir(), 'simfleet-cli-stock-')),
    );
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('There is no label stock "custom-a4-8". Choose one of: avery-5160');
  });

  it('exits 2 with a clear message for bad input', () => {
    const bad = simfleet('labels', mapping, '--stock', 'nope', '--format', 'pdf', '--out', join(dir, 'x'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('There is no label stock "nope". Choose one of: avery-5160');
    writeFileSync(join(dir, 'other.csv'), 'a,b\n1,2\n');
    expect(simfleet('labels', join(dir, 'other.csv'), '--format', 'pdf', '--out', join(dir, 'x')).stderr).toContain('is not a SimFleet mapping file');
  });

  it('writes the PDF itself: no browser is needed', () => {
    const out = join(dir, 'no-browser.pdf');
    const r = spawnSync(process.execPath, ['bin/simfleet.mjs', 'labels', mapping, '--format', 'pdf', '--barcode', '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', PATH: '/nonexistent' },
    });
    expect(r.stderr).toContain(`2 label(s) written to ${out}`);
    expect(r.status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe('simfleet export', () => {
  it('exports a batch mapping as XLSX with every ICCID digit, from the journal', async () => {
    const data = join(dir, 'data');
    writeFileSync(join(dir, 'list.csv'), 'ICCID\n89012605260181590835\n');
    const prov = simfleet('provision', join(dir, 'list.csv'), '--out', join(dir, 'm.csv'), '--data-dir', data, '--rate', '6000', '--name', 'Export run');
    expect(prov.status, prov.stderr).toBe(0);
    const id = readdirSync(join(data, 'practice', 'batches'))[0]!.replace('.jsonl', '');
    const r = simfleet('export', id, '--format', 'xlsx', '--out', join(dir, 'm.xlsx'), '--data-dir', data);
    expect(r.status, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, 'm.xlsx')) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell('A2').value).toBe('89012605260181590835');
    expect(wb.worksheets[0]!.getCell('J2').value).toBe('Export run');
    expect(simfleet('export', 'no-such-batch', '--out', join(dir, 'x.csv'), '--data-dir', data).status).toBe(2);
    // The mapping \`provision --out\` wrote says it is practice: its labels are marked, as the exported mapping's are.
    expect(readFileSync(join(dir, 'm.csv'), 'utf8').split('\n')[0]).toMatch(/,Environment$/);
    const labels = simfleet('labels', join(dir, 'm.csv'), '--stock', 'thermal-2x1', '--format', 'zpl', '--dpi', '203', '--out', join(dir, 'm.zpl'));
    expect(labels.status, labels.stderr).toBe(0);
    expect(readFileSync(join(dir, 'm.zpl'), 'utf8')).toContain('^FDPRACTICE - NOT ACTIVE^FS');
    // The mapping keeps digits as Excel text (="…"); the labels carry the ICCID itself.
    expect(readFileSync(join(dir, 'm.csv'), 'utf8')).toContain('"=""89012605260181590835"""');
    expect(readFileSync(join(dir, 'm.zpl'), 'utf8')).toContain('89012605260181590835');
    expect(readFileSync(join(dir, 'm.zpl'), 'utf8')).not.toContain('=');
  });
});
