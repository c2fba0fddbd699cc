/**
 * Runs the system Chromium headless from tests: `--dump-dom` to read the DOM after load
 * (scripts included) and `--screenshot` for a PNG. Flags keep it offline and quiet: no first-run,
 * no background networking, no component updates, a fresh profile per run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium binary: $CHROMIUM_PATH or a Debian/Ubuntu/Chrome default; null when absent. */
export function findChromium(): string | null {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((c) => existsSync(c)) ?? null;
}

export interface ChromiumRun {
  stdout: string;
  stderr: string;
  /** Lines Chromium logged for the page's console (`INFO:CONSOLE…`). */
  consoleLines: string[];
}

export interface ChromiumOptions {
  binary: string;
  /** Local HTML file to open (loaded as file://). */
  file: string;
  /** Mode-specific flags, e.g. `--dump-dom` or `--screenshot=out.png`. */
  args: string[];
  timeoutMs?: number;
}

/** Runs Chromium once against a local file with a throwaway profile. */
export async function runChromium(options: ChromiumOptions): Promise<ChromiumRun> {
  const profile = mkdtempSync(join(tmpdir(), 'meshbench-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    `--user-data-dir=${profile}`,
    '--enable-logging=stderr',
    '--v=0',
    ...options.args,
    pathToFileURL(options.file).href,
  ];
  try {
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(options.binary, args, { timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, out, errOut) => {
        if (err) reject(Object.assign(err, { stderr: errOut }));
        else resolve({ stdout: out, stderr: errOut });
      });
    });
    const loadFailure = stderr.match(/Page load failed: (\S+)/);
    if (loadFailure) throw new Error(`Chromium could not load ${options.file}: ${loadFailure[1]}`);
    return { stdout, stderr, consoleLines: stderr.split('\n').filter((l) => /:CONSOLE[:(]/.test(l)) };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Reads an attribute of the dumped `<html>` element, entity-decoded. */
export function htmlAttribute(dom: string, name: string): string | null {
  const tag = dom.match(/<html\b[^>]*>/)?.[0] ?? '';
  const value = tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
  if (value === undefined) return null;
  return value.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Width and height from a PNG's IHDR chunk; null when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
