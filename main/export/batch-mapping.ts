/**
 * A batch's customer mapping as the file the `exports` namespace offers, CSV or XLSX, for
 * the Labels screen, `simfleet provision --out` and `simfleet export` alike (docs/exports.md,
 * "One mapping").
 */
import type { ServiceImpl } from '../../preload/contract';
import type { BatchService } from '../batch/batch-service';
import { mappingCsvExport, mappingFileName, mappingXlsxExport } from './mapping-export';

export function createMappingExports(deps: { readonly batches: Pick<BatchService, 'rows' | 'notSent'> }): ServiceImpl['exports'] {
  return {
    async mapping({ batchId, format, lines }) {
      const taken = await deps.batches.rows(batchId, lines);
      const { name, environment } = taken;
      // The whole mapping accounts for every row of the list (docs/exports.md, "One mapping"); a reprint of some lines is those lines.
      const rows = lines === undefined ? [...taken.rows, ...(await deps.batches.notSent(batchId))] : taken.rows;
      if (format === 'csv')
        return {
          fileName: mappingFileName(name, environment, 'csv'),
          base64: Buffer.from(mappingCsvExport(rows, name, environment)).toString('base64'),
          mime: 'text/csv',
        };
      return {
        fileName: mappingFileName(name, environment, 'xlsx'),
        base64: Buffer.from(await mappingXlsxExport(rows, name, environment)).toString('base64'),
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      };
    },
  };
}
