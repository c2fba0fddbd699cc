/**
 * Progress of a run on stderr: on a terminal one live status line (step, level, repetition, time
 * left) redrawn in place; otherwise plain lines, one per event, that read well in CI logs.
 */

export interface Progress {
  /** A pipeline step starts (create cluster, install mesh, …). */
  step(title: string): void;
  /** A step finished. */
  stepDone(title: string, ok: boolean): void;
  /** A repetition starts; `remainingMs` is the estimated time left in the measurement. */
  repetition(info: { level: number; levels: number; rps: number; repetition: number; repetitions: number; arm: string; remainingMs: number }): void;
  /** Free-form information. */
  info(line: string): void;
  /** Clears any live line (before final output). */
  close(): void;
}

function formatRemaining(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1_000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, options: { quiet?: boolean } = {}): Progress {
  if (options.quiet) {
    const noop = () => undefined;
    return { step: noop, stepDone: noop, repetition: noop, info: noop, close: noop };
  }
  const tty = stream.isTTY === true;
  let live: ((elapsedMs: number) => string) | null = null;
  let liveSince = 0;
  let ticker: NodeJS.Timeout | null = null;
  const clearLive = () => {
    if (tty && live) stream.write('\r\x1b[2K');
  };
  const drawLive = () => {
    if (!tty || !live) return;
    stream.write(`\r\x1b[2K${live(Date.now() - liveSince)}`);
  };
  const setLive = (render: (elapsedMs: number) => string) => {
    clearLive();
    live = render;
    liveSince = Date.now();
    drawLive();
    if (tty && !ticker) {
      ticker = setInterval(drawLive, 1_000);
      ticker.unref();
    }
  };
  const line = (text: string) => {
    clearLive();
    stream.write(`${text}\n`);
    drawLive();
  };
  return {
    step(title) {
      if (tty) setLive((elapsedMs) => `… ${title} (${formatRemaining(elapsedMs)})`);
      else line(`❯ ${title}`);
    },
    stepDone(title, ok) {
      clearLive();
      live = null;
      line(`${ok ? '✔' : '✖'} ${title}`);
    },
    repetition(info) {
      const arm = info.arm ? ` [${info.arm}]` : '';
      const text = `level ${info.level + 1}/${info.levels} (${info.rps} rps)${arm} repetition ${info.repetition + 1}/${info.repetitions}`;
      if (tty) setLive((elapsedMs) => `… ${text}, ~${formatRemaining(info.remainingMs - elapsedMs)} left`);
      else line(`  ${text}, ~${formatRemaining(info.remainingMs)} left`);
    },
    info(text) {
      line(`  ${text}`);
    },
    close() {
      if (ticker) clearInterval(ticker);
      ticker = null;
      clearLive();
      live = null;
    },
  };
}
