/**
 * The answer of a Zebra printer to `~HS` (host status), parsed. Three framed strings
 * (STX … ETX CR LF), comma-separated flags in fixed positions (ZPL II programming guide,
 * "~HS Host Status Return"); docs/printing.md lists the fields SimFleet reads.
 */

export interface ZebraStatus {
  readonly paperOut: boolean;
  readonly paused: boolean;
  readonly receiveBufferFull: boolean;
  readonly corruptRam: boolean;
  readonly underTemperature: boolean;
  readonly overTemperature: boolean;
  readonly headOpen: boolean;
  readonly ribbonOut: boolean;
  /** Label formats received but not yet printed. */
  readonly formatsInBuffer: number;
  readonly labelsRemaining: number;
}

/** Answers the three strings once they are all in `text`, or null while more is to come. */
export function parseHostStatus(text: string): ZebraStatus | null {
  // eslint-disable-next-line no-control-regex -- STX and ETX frame the answer
  const frames = [...text.matchAll(/\x02([^\x02\x03]*)\x03/g)].map((m) => m[1]!.split(','));
  if (frames.length < 3) return null;
  const [first, second] = frames as [string[], string[]];
  const flag = (fields: readonly string[], at: number): boolean => fields[at]?.trim() === '1';
  const count = (fields: readonly string[], at: number): number => Number.parseInt(fields[at]?.trim() ?? '0', 10) || 0;
  return {
    paperOut: flag(first, 1),
    paused: flag(first, 2),
    formatsInBuffer: count(first, 4),
    receiveBufferFull: flag(first, 5),
    corruptRam: flag(first, 9),
    underTemperature: flag(first, 10),
    overTemperature: flag(first, 11),
    headOpen: flag(second, 2),
    ribbonOut: flag(second, 3),
    labelsRemaining: count(second, 8),
  };
}

/** The longest `~HS` string kept; a real one is under 100 characters, anything longer is not one. */
const MAX_FRAME = 512;

/**
 * Reads `~HS` answers from a stream as it arrives: each chunk is looked at once, and at most
 * three strings of at most MAX_FRAME characters are kept, whatever a "printer" streams
 * (docs/printing.md). Before, every chunk was added to one growing text parsed again whole.
 */
export class HostStatusReader {
  private frames: string[] = [];
  /** The string begun (after STX) and not yet ended, or null outside one. */
  private open: string | null = null;

  /** Answers the status once its three strings are in; null while more is to come. */
  push(chunk: string): ZebraStatus | null {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 0x02) this.open = '';
      else if (c === 0x03) {
        if (this.open === null) continue;
        this.frames.push(this.open);
        this.open = null;
        if (this.frames.length === 3) {
          const status = parseHostStatus(this.frames.map((f) => `\x02${f}\x03`).join(''));
          this.frames = [];
          return status;
        }
      } else if (this.open !== null) {
        // Too long to be a status string: dropped, and the next STX starts again.
        if (this.open.length >= MAX_FRAME) this.open = null;
        else this.open += chunk[i];
      }
    }
    return null;
  }

  /** Characters held now (at most three strings and one begun). */
  held(): number {
    return this.frames.reduce((n, f) => n + f.length, 0) + (this.open?.length ?? 0);
  }

  /** Forgets what was read (a new question is asked). */
  reset(): void {
    this.frames = [];
    this.open = null;
  }
}

/** What keeps the printer from printing, in words for the operator; empty when it is ready. */
export function statusProblems(status: ZebraStatus): string[] {
  const problems: string[] = [];
  if (status.paperOut) problems.push('it is out of labels: load a new roll and press Feed');
  if (status.ribbonOut) problems.push('it is out of ribbon: load a new ribbon');
  if (status.headOpen) problems.push('its print head is open: close the head');
  if (status.paused) problems.push('it is paused: press Pause on the printer to resume');
  if (status.receiveBufferFull) problems.push('its receive buffer is full: wait until it has printed what it holds');
  if (status.overTemperature) problems.push('its print head is too hot: let it cool down');
  if (status.underTemperature) problems.push('its print head is too cold: wait until it warms up');
  if (status.corruptRam) problems.push('it reports corrupt memory: switch it off and on');
  return problems;
}
