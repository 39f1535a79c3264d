/** Progress on stderr (records and records per second, once a second) for people watching a terminal. */

/** A running progress display. */
export interface Progress {
  /** Stops updating and clears the line. */
  stop(): void;
}

/**
 * Shows progress on `stderr` every second. Call only when stderr is a terminal: in a pipe or a log
 * file the carriage returns would be noise.
 */
export function startProgress(stderr: NodeJS.WritableStream, records: () => number, now: () => number = Date.now): Progress {
  const started = now();
  let last = 0;
  let lastAt = started;
  let shown = false;
  const timer = setInterval(() => {
    const at = now();
    const count = records();
    const rate = at > lastAt ? ((count - last) * 1000) / (at - lastAt) : 0;
    stderr.write(`\r\x1b[Kjinshou: ${format(count)} records, ${format(rate)}/s`);
    shown = true;
    last = count;
    lastAt = at;
  }, 1000);
  // Progress must never keep the process alive on its own.
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (!shown) return;
      const seconds = (now() - started) / 1000;
      stderr.write(`\r\x1b[Kjinshou: ${format(records())} records in ${seconds.toFixed(1)} s\n`);
    },
  };
}

function format(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
