/**
 * A stand-in for the order-service program in local-platform tests: a few lines of plain node
 * (started with `node -e`, ~50 ms) that speaks the same start-up protocol (one `listening` JSON
 * line with the port) and answers every request with x-chain-depth 1 (and x-service-count 1) and what it was configured
 * with (its name, its downstream), so tests see how the chain was wired without the real service.
 */
import type { ProgramLauncher } from '../../src/platform/local/local-service-chain.ts';

const SCRIPT = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'x-chain-depth': '1', 'x-service-count': '1' });
  res.end(JSON.stringify({ name: process.env.SERVICE_NAME, downstream: process.env.DOWNSTREAM_URL || null, responseBytes: process.env.RESPONSE_BYTES }));
});
server.listen(Number(process.env.PORT), process.env.HOST, () => console.log(JSON.stringify({ type: 'listening', port: server.address().port })));
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

/** Launches the fake service; `exitAtOnce` makes it fail before listening. */
export function fakeOrderServiceLauncher(options: { exitAtOnce?: boolean } = {}): ProgramLauncher {
  return { command: process.execPath, args: ['-e', options.exitAtOnce ? 'console.error("bad config"); process.exit(2)' : SCRIPT] };
}
