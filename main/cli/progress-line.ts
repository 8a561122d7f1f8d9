/**
 * One status line that rewrites itself on a terminal ("PDF page 12 of 334…"), and stays
 * silent when the output is a log. The carriage return is the only control character
 * written, by this module alone; the text itself goes through `printable` like all output.
 */
import { printable } from './printable';

export interface ProgressLine {
  update(text: string): void;
  /** Ends the line (a newline) if anything was shown. */
  end(): void;
}

export function progressLine(write: (text: string) => void, tty: boolean = process.stderr.isTTY === true): ProgressLine {
  let shown = false;
  return {
    update(text) {
      if (!tty) return;
      write(`\r${printable(text)}`);
      shown = true;
    },
    end() {
      if (shown) write('\n');
      shown = false;
    },
  };
}
