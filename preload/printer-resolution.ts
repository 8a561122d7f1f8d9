/**
 * Printer resolution and which label formats suit which stocks: the rules the Labels
 * screen shows and main enforces, in one place (docs/printing.md, "Printer resolution",
 * "Formats and stocks"). Every output (PDF, print dialog, ZPL, CUPS) is laid out for 203,
 * 300 or 600 dpi; a saved printer's own resolution wins over the one chosen on screen.
 */
export const PRINTER_DPIS = [203, 300, 600] as const;
export type PrinterDpi = (typeof PRINTER_DPIS)[number];
/** When nothing else says: most office lasers print 300 dpi or more, and 300 is the middle choice. */
export const DEFAULT_DPI: PrinterDpi = 300;

/** A saved printer addressed as tcp://… is a Zebra (it takes ZPL); cups:… is a CUPS queue (it takes the PDF). */
export function isZebraAddress(address: string): boolean {
  return address.trim().startsWith('tcp://');
}

/** The words every surface uses for a resolution it cannot lay labels out for. */
export const DPI_RULE = 'Labels are laid out for printers of 203, 300 or 600 dpi: choose one of these.';

export function isPrinterDpi(value: unknown): value is PrinterDpi {
  return (PRINTER_DPIS as readonly unknown[]).includes(value);
}

/**
 * The resolution a job is laid out for, the saved printer that set it (null: the one chosen
 * on screen or the command line), and whether it is laid out for a Zebra's dots.
 */
export function resolutionFor(
  chosen: PrinterDpi,
  printerName: string,
  saved: readonly { readonly name: string; readonly address: string; readonly dpi: PrinterDpi }[],
): { readonly dpi: PrinterDpi; readonly setBy: string | null; readonly zebra: boolean } {
  const printer = saved.find((p) => p.name === printerName);
  return printer ? { dpi: printer.dpi, setBy: printer.name, zebra: isZebraAddress(printer.address) } : { dpi: chosen, setBy: null, zebra: false };
}

/**
 * Why a stock cannot be printed as ZPL, or null when it can. A Zebra prints one label per
 * format off a roll; a sheet's page of 30 labels would come out as 30 separate labels.
 */
export function zplRefusal(stock: { readonly kind: 'sheet' | 'roll'; readonly name: string }): string | null {
  if (stock.kind === 'roll') return null;
  return (
    `ZPL is for label printers that print one label at a time off a roll, and ${stock.name} is a sheet: ` +
    'export a PDF for it, or choose a roll stock for a Zebra.'
  );
}
