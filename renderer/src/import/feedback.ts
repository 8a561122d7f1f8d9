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

export function playScanSound(accepted: boolean): void {
  try {
    context ??= new AudioContext();
    if (accepted) tone(context, 1320, 0, 0.12, 'sine');
    else {
      tone(context, 220, 0, 0.18, 'square');
      tone(context, 220, 0.24, 0.18, 'square');
    }
  } catch {
    // No audio device: the flash and the text still tell the operator.
  }
}

/** A rising three-note chime when a batch ends: heard across the kitting table. */
export function playBatchDoneSound(): void {
  try {
    context ??= new AudioContext();
    tone(context, 660, 0, 0.18, 'sine');
    tone(context, 880, 0.2, 0.18, 'sine');
    tone(context, 1320, 0.4, 0.3, 'sine');
  } catch {
    // No audio device: the summary on screen still says it.
  }
}

/** Two falling notes, twice: a batch stopped and someone must look, whatever screen is open. */
export function playAlertSound(): void {
  try {
    context ??= new AudioContext();
    tone(context, 880, 0, 0.2, 'triangle');
    tone(context, 587, 0.22, 0.3, 'triangle');
    tone(context, 880, 0.7, 0.2, 'triangle');
    tone(context, 587, 0.92, 0.3, 'triangle');
  } catch {
    // No audio device: the alert on screen still says it.
  }
}
