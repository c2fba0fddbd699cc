/**
 * Progress of a run on stderr: on a terminal one live status line (step, level, repetition, time
 * left, and during the window the rate and errors so far) redrawn in place; otherwise plain
 * lines, one per event, that read well in CI logs. Every finished repetition prints one line:
 * achieved rate, p50, p99, errors, and valid or why not.
 */
import type { Repetition } from '../results/result-schema.ts';
import { formatLatencyUs } from './render-run-summary.ts';

export interface Progress {
  /** A pipeline step starts (create cluster, install mesh, …). */
  step(title: string): void;
  /** A step finished. */
  stepDone(title: string, ok: boolean): void;
  /** A repetition starts; `remainingMs` is the estimated time left in the measurement. */
  repetition(info: { level: number; levels: number; rps: number; repetition: number; repetitions: number; arm: string; remainingMs: number }): void;
  /** During the measured window (terminal only): what the agents completed so far. */
  live(info: { completed: number; errors: number; elapsedMs: number }): void;
  /** A repetition finished: one permanent line with its numbers and validity. */
  repetitionDone(rep: Repetition): void;
  /** Free-form information. */
  info(line: string): void;
  /** Clears any live line (before final output). */
  close(): void;
}

/** The line of a finished repetition: `✔ rep 2 … valid` or `✖ rep 2 … INVALID: reason`. */
export function repetitionDoneLine(rep: Repetition): string {
  const arm = rep.arm ? ` [${rep.arm}]` : '';
  const figures = `${rep.achievedRps.toFixed(1)} rps, p50 ${formatLatencyUs(rep.latency.p50Us)}, p99 ${formatLatencyUs(rep.latency.p99Us)}, errors ${rep.requests.errors + rep.requests.dropped} (${rep.errorPct.toFixed(2)}%)`;
  const verdict = rep.valid ? 'valid' : `INVALID: ${rep.invalidReasons[0] ?? 'see the result file'}${rep.invalidReasons.length > 1 ? ` (+${rep.invalidReasons.length - 1} more)` : ''}`;
  return `${rep.valid ? '✔' : '✖'} ${rep.targetRps} rps${arm} rep ${rep.index + 1}: ${figures}; ${verdict}`;
}

function formatRemaining(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1_000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, options: { quiet?: boolean } = {}): Progress {
  if (options.quiet) {
    const noop = () => undefined;
    return { step: noop, stepDone: noop, repetition: noop, live: noop, repetitionDone: noop, info: noop, close: noop };
  }
  const tty = stream.isTTY === true;
  let live: ((elapsedMs: number) => string) | null = null;
  let liveSince = 0;
  let ticker: NodeJS.Timeout | null = null;
  /** Rate and errors of the window so far, appended to the live repetition line. */
  let liveCounts = '';
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
      liveCounts = '';
      if (tty) setLive((elapsedMs) => `… ${text}, ~${formatRemaining(info.remainingMs - elapsedMs)} left${liveCounts}`);
      else line(`  ${text}, ~${formatRemaining(info.remainingMs)} left`);
    },
    live(info) {
      if (!tty || !live) return;
      const seconds = info.elapsedMs / 1_000;
      const rps = seconds > 0 ? info.completed / seconds : 0;
      liveCounts = ` · ${rps.toFixed(0)} rps, ${info.errors} error${info.errors === 1 ? '' : 's'} so far`;
      drawLive();
    },
    repetitionDone(rep) {
      clearLive();
      live = null;
      liveCounts = '';
      line(`  ${repetitionDoneLine(rep)}`);
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
