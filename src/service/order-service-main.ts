/**
 * The order-service program. Configured by environment variables (see ORDER_SERVICE_ENV in
 * order-service-config.ts); prints exactly one JSON line on stdout once listening:
 * `{"type":"listening","port":<n>,"service":"<name>","pid":<pid>}`. A bad variable is reported on
 * stderr and exits 2. SIGTERM/SIGINT shut it down gracefully and exit 0.
 *
 * Runs as a child process (`node --import tsx src/service/order-service-main.ts`) and, bundled
 * by esbuild into one JS file, in a stock node image: node builtins only, no tsx-only features.
 */
import { parseOrderServiceEnv } from './order-service-config.ts';
import { type OrderService, startOrderService } from './order-service.ts';

/** Grace beyond the configured shutdown bounds before the process exits regardless. */
const EXIT_BACKSTOP_MS = 2_000;

function fail(message: string, exitCode: number): void {
  process.stderr.write(`order-service: ${message}\n`);
  process.exitCode = exitCode;
}

function handleSignals(service: OrderService): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const { shutdownDrainMs, shutdownTimeoutMs } = service.config;
    setTimeout(() => process.exit(1), shutdownDrainMs + shutdownTimeoutMs + EXIT_BACKSTOP_MS).unref();
    service.close().then(
      () => process.exit(0),
      (err: unknown) => {
        fail(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`, 1);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(): Promise<void> {
  const parsed = parseOrderServiceEnv(process.env);
  if (!parsed.ok) {
    for (const problem of parsed.problems) fail(problem, 2);
    return;
  }
  let service: OrderService;
  try {
    service = await startOrderService(parsed.config);
  } catch (err) {
    fail(`cannot listen on ${parsed.config.host}:${parsed.config.port}: ${err instanceof Error ? err.message : String(err)}`, 1);
    return;
  }
  handleSignals(service);
  process.stdout.write(
    `${JSON.stringify({ type: 'listening', port: service.port, service: service.config.serviceName, pid: process.pid })}\n`,
  );
}

main().catch((err: unknown) => {
  fail(err instanceof Error ? (err.stack ?? err.message) : String(err), 1);
});
