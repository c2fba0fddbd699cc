/**
 * The order-service's gRPC wire contract (orders.proto), shared by the load agent and the
 * order-service: the length-prefixed message framing of gRPC over HTTP/2, the two messages
 * encoded by hand (protobuf wire format), and the status codes. Node builtins only (bundled into
 * the service program). Sources: docs/engine.md, Protocols.
 */

/** `content-type` of a gRPC request and response (protobuf payload). */
export const GRPC_CONTENT_TYPE = 'application/grpc';

/** gRPC status codes this harness names (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export const GRPC_STATUS = {
  OK: 0,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** Highest gRPC status code (UNAUTHENTICATED). */
export const MAX_GRPC_STATUS = 16;

/** One message in gRPC's framing: compressed flag (0), 4-byte big-endian length, message bytes. */
export function frameGrpcMessage(message: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(5 + message.length);
  framed[0] = 0;
  framed.writeUInt32BE(message.length, 1);
  message.copy(framed, 5);
  return framed;
}

/** The single message of a unary call's body, or an error text (compressed, truncated, trailing bytes). */
export function unframeGrpcMessage(body: Buffer): { ok: true; message: Buffer } | { ok: false; error: string } {
  if (body.length < 5) return { ok: false, error: `a gRPC message needs a 5-byte prefix, got ${body.length} bytes` };
  if (body[0] !== 0) return { ok: false, error: 'compressed gRPC messages are not supported' };
  const length = body.readUInt32BE(1);
  if (body.length !== 5 + length) return { ok: false, error: `the gRPC prefix says ${length} bytes, the body holds ${body.length - 5}` };
  return { ok: true, message: body.subarray(5) };
}

function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function lengthDelimited(fieldNumber: number, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const head: number[] = [(fieldNumber << 3) | 2];
  pushVarint(head, bytes.length);
  return Buffer.concat([Buffer.from(head), bytes]);
}

/** Encodes an OrderRequest: `id` (field 1, varint; omitted when 0) and `json` (field 2; omitted when empty). */
export function encodeOrderRequest(request: { id: number; json: string }): Buffer {
  const parts: Buffer[] = [];
  if (request.id > 0) {
    const head: number[] = [(1 << 3) | 0];
    pushVarint(head, request.id);
    parts.push(Buffer.from(head));
  }
  if (request.json !== '') parts.push(lengthDelimited(2, request.json));
  return Buffer.concat(parts);
}

/** Encodes an OrderReply: `json` (field 1). */
export function encodeOrderReply(json: string): Buffer {
  return json === '' ? Buffer.alloc(0) : lengthDelimited(1, json);
}

type Fields = Map<number, number | Buffer>;

/** Reads a protobuf message's fields (last one wins); unknown fields are skipped. Null if malformed. */
function readFields(message: Buffer): Fields | null {
  const fields: Fields = new Map();
  let at = 0;
  const varint = (): number | null => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10 && at < message.length; i++) {
      const byte = message[at++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
    return null;
  };
  while (at < message.length) {
    const key = varint();
    if (key === null) return null;
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (wireType === 0) {
      const v = varint();
      if (v === null) return null;
      fields.set(field, v);
    } else if (wireType === 2) {
      const length = varint();
      if (length === null || at + length > message.length) return null;
      fields.set(field, message.subarray(at, at + length));
      at += length;
    } else if (wireType === 1 || wireType === 5) {
      at += wireType === 1 ? 8 : 4;
      if (at > message.length) return null;
    } else return null;
  }
  return fields;
}

/** Decodes an OrderRequest, or null when the bytes are not one. */
export function decodeOrderRequest(message: Buffer): { id: number; json: string } | null {
  const fields = readFields(message);
  if (!fields) return null;
  const id = fields.get(1) ?? 0;
  const json = fields.get(2) ?? Buffer.alloc(0);
  if (typeof id !== 'number' || typeof json === 'number') return null;
  return { id, json: json.toString('utf8') };
}

/** Decodes an OrderReply's JSON text, or null when the bytes are not one. */
export function decodeOrderReply(message: Buffer): string | null {
  const fields = readFields(message);
  const json = fields?.get(1) ?? Buffer.alloc(0);
  return typeof json === 'number' || !fields ? null : json.toString('utf8');
}

/** The gRPC status an order answer carries, from the HTTP status the same route would give. */
export function grpcStatusOfOrderAnswer(httpStatus: number): number {
  if (httpStatus >= 200 && httpStatus < 300) return GRPC_STATUS.OK;
  switch (httpStatus) {
    case 400:
      return GRPC_STATUS.INVALID_ARGUMENT;
    case 404:
      return GRPC_STATUS.NOT_FOUND;
    case 405:
      return GRPC_STATUS.UNIMPLEMENTED;
    case 413:
      return GRPC_STATUS.RESOURCE_EXHAUSTED;
    case 502:
    case 503:
      return GRPC_STATUS.UNAVAILABLE;
    default:
      return GRPC_STATUS.INTERNAL;
  }
}

/**
 * The status of a gRPC response that carries no `grpc-status` (an intermediary answered): gRPC's
 * HTTP-to-gRPC table (https://github.com/grpc/grpc/blob/master/doc/http-grpc-status-mapping.md).
 */
export function grpcStatusOfHttpStatus(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return GRPC_STATUS.INTERNAL;
    case 401:
      return GRPC_STATUS.UNAUTHENTICATED;
    case 403:
      return GRPC_STATUS.PERMISSION_DENIED;
    case 404:
      return GRPC_STATUS.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return GRPC_STATUS.UNAVAILABLE;
    default:
      return GRPC_STATUS.UNKNOWN;
  }
}
