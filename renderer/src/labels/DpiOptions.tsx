/** The printer resolutions labels are laid out for (preload/printer-resolution.ts), as the options of a select. */
import { DEFAULT_DPI, PRINTER_DPIS, type PrinterDpi } from '../../../preload/printer-resolution';

const KIND: Record<PrinterDpi, string> = { 203: ' (most thermal printers)', 300: '', 600: ' (laser, high-resolution thermal)' };

export function DpiOptions() {
  return (
    <>
      {PRINTER_DPIS.map((dpi) => (
        <option key={dpi} value={dpi}>
          {dpi} dpi{KIND[dpi]}
        </option>
      ))}
    </>
  );
}

/** A select's value back as a resolution (the select only offers these). */
export const dpiOf = (value: string): PrinterDpi => PRINTER_DPIS.find((d) => String(d) === value) ?? DEFAULT_DPI;
