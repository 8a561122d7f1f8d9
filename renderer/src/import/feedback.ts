/**
 * Scan feedback the operator hears without looking: a short high beep for a good
 * scan, a low double buzz for a rejected one (Web Audio, no sound files).
 */
let context: AudioContext | null = null;

function tone(ctx: AudioContext, frequency: number, start: number, duration: number, type: OscillatorType): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = type;
  osc.frequency.value = frequency;
  gain.gain.setValueAtTime(0.25, ctx.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + start + duration);
  osc.connect(gain).connect(ctx.destination);
  osc.start(ctx.currentTime + start);
  osc.stop(ctx.currentTime + start + duration);
}

/** Notes as [frequency, start s, length s, wave]; without an audio device nothing plays, and the screen still says it. */
function play(notes: ReadonlyArray<readonly [number, number, number, OscillatorType]>): void {
  try {
    context ??= new AudioContext();
    // A context made before the first click starts suspended in a browser.
    if (context.state === 'suspended') void context.resume();
    for (const [frequency, start, duration, type] of notes) tone(context, frequency, start, duration, type);
  } catch {
    // No audio device: the flash, the text or the alert still tell the operator.
  }
}

/** A short high beep for a good scan, a low double buzz for a rejected one. */
export function playScanSound(accepted: boolean): void {
  play(
    accepted
      ? [[1320, 0, 0.12, 'sine']]
      : [
          [220, 0, 0.18, 'square'],
          [220, 0.24, 0.18, 'square'],
        ],
  );
}

/** A rising three-note chime when a batch ends: heard across the kitting table. */
export function playBatchDoneSound(): void {
  play([
    [660, 0, 0.18, 'sine'],
    [880, 0.2, 0.18, 'sine'],
    [1320, 0.4, 0.3, 'sine'],
  ]);
}

/** Two falling notes, twice: a batch stopped and someone must look, whatever screen is open. */
export function playAlertSound(): void {
  play([
    [880, 0, 0.2, 'triangle'],
    [587, 0.22, 0.3, 'triangle'],
    [880, 0.7, 0.2, 'triangle'],
    [587, 0.92, 0.3, 'triangle'],
  ]);
}
