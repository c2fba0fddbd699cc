/** How a socket error fails the requests of a connection (HTTP/1.1 and HTTP/2 alike). */

/** The failure kind of a socket error. */
export function socketErrorKind(err: NodeJS.ErrnoException): string {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return 'connect-refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  return 'other';
}
