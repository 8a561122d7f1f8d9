/**
 * The customer's mapping file: ICCID → E.164 number → NID → LPA (eSIM activation code,
 * when there is one) → order, as CSV or XLSX.
 * ICCIDs and numbers stay text: the XLSX cells are text-typed so Excel keeps every
 * digit; the CSV neutralises cells that start with = + - @ (formula injection), which
 * also stops Excel from turning +1… numbers into arithmetic. Practice files say
 * PRACTICE in their name and in an Environment column.
 */
import { ENVIRONMENT_MARK } from '../../preload/constants';
import { stringify } from 'csv-stringify/sync';
import type { Environment } from '../../preload/domain';
import { csvCell } from './spreadsheet-safety';
import { MAPPING_COLUMNS, type MappingRow } from './mapping-format';

export { MAPPING_COLUMNS, needsAttentionInMapping, notSentRow, type MappingRow } from './mapping-format';

function cells(row: MappingRow, batchName: string, environment: Environment): string[] {
  return [
    row.iccid,
    row.number ?? '',
    row.nid ?? '',
    row.lpa ?? '',
    row.orderId ?? '',
    row.orderStatus ?? '',
    row.subscriberId ?? '',
    row.zipCode ?? '',
    row.provisionedAt ?? '',
    batchName,
    row.state,
    row.state === 'provisioned' && !row.flagged ? '' : row.message,
    ENVIRONMENT_MARK[environment],
  ];
}

export function mappingFileName(batchName: string, environment: Environment, extension: 'csv' | 'xlsx'): string {
  return `${environment === 'practice' ? 'PRACTICE-' : ''}${batchName.replace(/[^\w.-]+/g, '_')}-mapping.${extension}`;
}

export function mappingCsvExport(rows: readonly MappingRow[], batchName: string, environment: Environment): string {
  return stringify([[...MAPPING_COLUMNS], ...rows.map((r) => cells(r, batchName, environment).map(csvCell))]);
}

export async function mappingXlsxExport(rows: readonly MappingRow[], batchName: string, environment: Environment): Promise<Uint8Array> {
  // Loaded when a workbook is made: exceljs costs a third of a second of CPU, which every
  // `simfleet provision` would pay for a CSV (docs/cli.md, "Start-up").
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SimFleet';
  const sheet = workbook.addWorksheet(environment === 'practice' ? 'PRACTICE mapping' : 'Mapping');
  sheet.columns = MAPPING_COLUMNS.map((header) => ({
    header,
    key: header,
    width: header === 'Message' ? 50 : header === 'ICCID' ? 24 : 20,
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    // Strings into text-formatted cells: Excel keeps all 19–20 digits and the leading +.
    const row = sheet.addRow(cells(r, batchName, environment));
    row.eachCell((cell) => {
      cell.numFmt = '@';
    });
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
