// What a long-running command (`relais emulator`, `relais mcp`) talks to — output, environment, the
// signals that stop it (the process, or a test's emitter standing in for it) — and how it waits to be
// stopped.
export interface StopSignals {
  once(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface ServiceIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** Where SIGINT/SIGTERM come from (the process, or a test's emitter). */
  signals: StopSignals;
}

export const PROCESS_SERVICE_IO: ServiceIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  signals: process,
};

/** Resolves on the first SIGINT/SIGTERM, or when `alsoWhen` calls the stop function it is given. */
export function waitForStop(signals: StopSignals, alsoWhen?: (stop: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      resolve();
    };
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
    alsoWhen?.(stop);
  });
}
