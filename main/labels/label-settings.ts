/**
 * The Labels screen's settings, kept in Settings: stocks (built-in and custom), the
 * defaults, saved printers and calibrations; and the lookups every other label job makes
 * in them (a stock by id, a printer by name, a calibration, a job's resolution).
 */
import { DEFAULT_STOCK_ID } from '../../preload/constants';
import type { ServiceImpl } from '../../preload/contract';
import type { Calibration, DirectPrinter, LabelSettings, LabelStock } from '../../preload/domain';
import { resolutionFor } from '../../preload/printer-resolution';
import type { LabelRequest } from '../../preload/views';
import { UserError } from '../errors/user-error';
import { parsePrinterAddress } from '../printing/printer-address';
import type { SettingsStore } from '../settings/store';
import { savedPrinter } from './direct-printing';
import { BUILT_IN_STOCKS, NO_CALIBRATION, stockProblems } from './stocks';

export interface LabelSettingsLookup {
  /** The label settings as saved now. */
  readonly read: () => LabelSettings;
  /** The stock of this id, built-in or saved; refused with the list of them otherwise. */
  readonly stockOf: (id: string) => LabelStock;
  /** The calibration saved for this printer and stock, or none. */
  readonly calibrationFor: (printer: string, stockId: string) => Calibration;
  /** The resolution chosen on screen, unless the chosen printer is a saved one: then its own (docs/printing.md, "Printer resolution"). */
  readonly resolutionOf: (request: Pick<LabelRequest, 'dpi' | 'printer'>) => ReturnType<typeof resolutionFor>;
  /** A saved printer by name; refused with what to do otherwise. */
  readonly printerNamed: (name: string) => DirectPrinter;
}

/** The contract's methods that change the label settings. */
export type LabelSettingsEdits = Pick<
  ServiceImpl['labels'],
  'stocks' | 'saveStock' | 'deleteStock' | 'saveDefaults' | 'savePrinter' | 'deletePrinter' | 'saveCalibration'
>;

export function createLabelSettings(store: SettingsStore): LabelSettingsLookup & { readonly edits: LabelSettingsEdits } {
  const read = (): LabelSettings => store.read().labels;
  const allStocks = (): LabelStock[] => [...BUILT_IN_STOCKS, ...read().customStocks];
  const stockOf = (id: string): LabelStock => {
    const found = allStocks().find((s) => s.id === id);
    if (!found)
      throw new UserError(
        'unknown_stock',
        `There is no label stock "${id}". Choose one of: ${allStocks()
          .map((s) => s.id)
          .join(', ')}.`,
      );
    return found;
  };
  const write = (next: LabelSettings): LabelSettings => {
    store.write({ ...store.read(), labels: next });
    return next;
  };

  return {
    read,
    stockOf,
    calibrationFor: (printer, stockId) => read().calibrations[`${printer}|${stockId}`] ?? NO_CALIBRATION,
    resolutionOf: (request) => resolutionFor(request.dpi, request.printer, read().printers),
    printerNamed: (name) => savedPrinter(read().printers, name),
    edits: {
      stocks: async () => allStocks(),
      async saveStock(s) {
        if (BUILT_IN_STOCKS.some((b) => b.id === s.id)) throw new UserError('stock_exists', `"${s.id}" is a built-in stock; give the custom stock another id.`);
        const problems = stockProblems(s);
        if (problems.length > 0) throw new UserError('invalid_stock', problems.join(' '));
        const current = read();
        write({ ...current, customStocks: [...current.customStocks.filter((c) => c.id !== s.id), s] });
        return allStocks();
      },
      async deleteStock({ id }) {
        const current = read();
        write({
          ...current,
          customStocks: current.customStocks.filter((c) => c.id !== id),
          stockId: current.stockId === id ? DEFAULT_STOCK_ID : current.stockId,
        });
        return allStocks();
      },
      async saveDefaults(input) {
        stockOf(input.stockId);
        return write({ ...read(), ...input });
      },
      async savePrinter(printer) {
        parsePrinterAddress(printer.address);
        const current = read();
        return write({
          ...current,
          printers: [...current.printers.filter((p) => p.name !== printer.name), { ...printer, address: printer.address.trim() }],
        });
      },
      async deletePrinter({ name }) {
        const current = read();
        return write({ ...current, printers: current.printers.filter((p) => p.name !== name) });
      },
      async saveCalibration({ printer, stockId, calibration }) {
        stockOf(stockId);
        const current = read();
        return write({ ...current, calibrations: { ...current.calibrations, [`${printer || 'PDF'}|${stockId}`]: calibration } });
      },
    },
  };
}
