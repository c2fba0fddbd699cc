/**
 * One headless Chromium for many page checks: launched once with `--remote-debugging-pipe` and
 * driven over the DevTools protocol (JSON messages ended by NUL on fds 3 and 4, no WebSocket and
 * no extra dependency), each page in its own tab. Replaces one `--dump-dom`/`--screenshot` launch
 * per check (headless-chromium.ts), which costs a browser start-up each.
 *
 * Protocol: https://chromedevtools.github.io/devtools-protocol/ (Target.createTarget,
 * Target.attachToTarget with flatten, Page.navigate, Runtime.evaluate, Page.captureScreenshot,
 * Runtime.consoleAPICalled, Log.entryAdded).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/** What one page load gave. */
export interface PageVisit {
  /** `document.documentElement.outerHTML` once the page is ready (what `--dump-dom` prints). */
  dom: string;
  /** Console API calls and browser log entries (CSP violations, failed loads) of the page. */
  consoleLines: string[];
  /** PNG of the viewport, when asked for. */
  screenshot: Buffer | null;
}

/** Options of {@link ChromiumSession.visit}. */
export interface VisitOptions {
  /** Local HTML file, loaded as file://. */
  file: string;
  /** Viewport; default 800×600 (Chromium's headless default). */
  width?: number;
  height?: number;
  /** Wait until `<html>` carries this attribute (a test probe sets it on load); default: the load event. */
  readyAttribute?: string;
  screenshot?: boolean;
  timeoutMs?: number;
}

export class ChromiumSession {
  private nextId = 1;
  private buffer = '';
  private readonly pending = new Map<number, { resolve: (m: CdpMessage) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(m: CdpMessage) => void>();
  private exited: Error | null = null;

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const input = child.stdio[4] as Readable;
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => this.receive(chunk));
    child.on('exit', (code, signal) => {
      this.exited = new Error(`Chromium exited (${signal ?? `code ${code}`})`);
      for (const p of this.pending.values()) p.reject(this.exited);
      this.pending.clear();
    });
  }

  /** Launches Chromium (throwaway profile, offline, quiet) ready for {@link visit}. */
  static async launch(binary: string): Promise<ChromiumSession> {
    const profile = mkdtempSync(join(tmpdir(), 'meshbench-chromium-'));
    const child = spawn(
      binary,
      [
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
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    const session = new ChromiumSession(child, profile);
    await session.send('Target.getTargets', {});
    return session;
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf('\0');
    while (end >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end)) as CdpMessage;
      this.buffer = this.buffer.slice(end + 1);
      if (message.id !== undefined) {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiting?.reject(new Error(`Chromium: ${message.error.message}`));
        else waiting?.resolve(message);
      } else {
        for (const listener of this.listeners) listener(message);
      }
      end = this.buffer.indexOf('\0');
    }
  }

  /** Sends one command (to a tab's session when given) and waits for its answer. */
  async send(method: string, params: Record<string, unknown>, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.exited) throw this.exited;
    const id = this.nextId++;
    const answer = new Promise<CdpMessage>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return (await answer).result ?? {};
  }

  /** Opens `file` in a fresh tab, waits until it is ready, reads its DOM (and a screenshot), closes the tab. */
  async visit(options: VisitOptions): Promise<PageVisit> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const consoleLines: string[] = [];
    const listener = (m: CdpMessage) => {
      if (m.sessionId !== sessionId) return;
      if (m.method === 'Runtime.consoleAPICalled') {
        const args = (m.params?.['args'] as { value?: unknown; description?: string }[] | undefined) ?? [];
        consoleLines.push(`console.${String(m.params?.['type'])}: ${args.map((a) => String(a.value ?? a.description ?? '')).join(' ')}`);
      }
      if (m.method === 'Log.entryAdded') {
        const entry = m.params?.['entry'] as { level?: string; source?: string; text?: string } | undefined;
        consoleLines.push(`log.${entry?.level}(${entry?.source}): ${entry?.text}`);
      }
      if (m.method === 'Runtime.exceptionThrown') consoleLines.push(`exception: ${JSON.stringify(m.params?.['exceptionDetails'])}`);
    };
    this.listeners.add(listener);
    try {
      await this.send('Page.enable', {}, sessionId);
      await this.send('Runtime.enable', {}, sessionId);
      await this.send('Log.enable', {}, sessionId);
      await this.send('Emulation.setDeviceMetricsOverride', { width: options.width ?? 800, height: options.height ?? 600, deviceScaleFactor: 1, mobile: false }, sessionId);
      const deadline = Date.now() + timeoutMs;
      const url = pathToFileURL(options.file).href;
      const navigated = (await this.send('Page.navigate', { url }, sessionId)) as { errorText?: string };
      if (navigated.errorText) throw new Error(`Chromium could not load ${options.file}: ${navigated.errorText}`);
      const evaluate = async (expression: string): Promise<unknown> =>
        ((await this.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as { result: { value?: unknown } }).result.value;
      // Loaded (the load event has run) and, with a probe, its ready mark set.
      const ready = [`location.href === ${JSON.stringify(url)}`, 'document.readyState === "complete"'];
      if (options.readyAttribute) ready.push(`document.documentElement.hasAttribute(${JSON.stringify(options.readyAttribute)})`);
      while (!(await evaluate(ready.join(' && ')))) {
        if (Date.now() > deadline) throw new Error(`${options.file}: not ready (${ready.join(' && ')}) within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const dom = String(await evaluate('document.documentElement.outerHTML'));
      const screenshot = options.screenshot ? Buffer.from(String(((await this.send('Page.captureScreenshot', { format: 'png' }, sessionId)) as { data: string }).data), 'base64') : null;
      return { dom, consoleLines: [...consoleLines], screenshot };
    } finally {
      this.listeners.delete(listener);
      await this.send('Target.closeTarget', { targetId }).catch(() => undefined);
    }
  }

  /** Closes the browser and removes its profile. */
  async close(): Promise<void> {
    if (!this.exited) {
      const exit = new Promise((resolve) => this.child.once('exit', resolve));
      await this.send('Browser.close', {}).catch(() => undefined);
      const kill = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(kill);
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}
