/**
 * Practice mode's Telegent: the simulator started in-process on loopback, once,
 * shared by every service that needs an API base URL.
 */
import { join } from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server';
import { environmentDir } from './paths';

/** Where practice mode's simulator keeps what it "sold", so restarts reconcile against it. */
export function practiceSimulatorFile(dataRoot: string): string {
  return join(environmentDir(dataRoot, 'practice'), 'simulator.jsonl');
}

export interface PracticeSimulator {
  /** Starts the simulator if needed and answers its base URL. */
  ensure(): Promise<Simulator>;
  /** The running simulator, if started. */
  current(): Simulator | null;
  stop(): Promise<void>;
}

export function createPracticeSimulator(options: SimulatorOptions = {}): PracticeSimulator {
  let running: Simulator | null = null;
  let starting: Promise<Simulator> | null = null;
  return {
    ensure() {
      if (running) return Promise.resolve(running);
      starting ??= startSimulator(options).then((sim) => {
        running = sim;
        return sim;
      });
      return starting;
    },
    current: () => running,
    async stop() {
      const sim = running ?? (starting ? await starting : null);
      running = null;
      starting = null;
      await sim?.close();
    },
  };
}
