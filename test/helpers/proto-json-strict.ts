/**
 * A strict proto3 JSON reader for tests: checks a JSON value against a message type loaded with
 * protobufjs from .proto files, the way a conformant parser with unknown fields rejected does
 * (https://protobuf.dev/programming-guides/json/): every key must be a field of the message
 * (its lowerCamelCase JSON name or its proto name), scalars must have the mapped JSON type
 * (64-bit integers as decimal strings or numbers, int32 in range, enums by name or number,
 * Timestamps as RFC 3339), maps are objects, repeated fields arrays. It returns every problem
 * with its path, and the value with proto field names (Timestamps as seconds/nanos), ready for
 * protobufjs's fromObject/encode/decode.
 */
import { join } from 'node:path';
import protobuf from 'protobufjs';

/** lowerCamelCase JSON name of a proto field name, as protoc derives it (`actual_qps` → `actualQps`). */
export function protoJsonName(fieldName: string): string {
  return fieldName.replace(/_([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Loads .proto files under `dir` (imports resolved against it; google/protobuf/* from protobufjs). */
export function loadProtoRoot(options: { dir: string; files: string[] }): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : join(options.dir, target));
  root.loadSync(options.files, { keepCase: true });
  root.resolveAll();
  return root;
}

const INT32 = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32 = new Set(['uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;

interface Checked {
  problems: string[];
  value: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function integerOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return null;
}

function checkScalar(type: string, value: unknown, path: string): Checked {
  const bad = (what: string): Checked => ({ problems: [`${path}: expected ${what}, got ${JSON.stringify(value)}`], value });
  if (type === 'string') return typeof value === 'string' ? { problems: [], value } : bad('a string');
  if (type === 'bool') return typeof value === 'boolean' ? { problems: [], value } : bad('true or false');
  if (type === 'bytes') return typeof value === 'string' && /^[A-Za-z0-9+/_-]*=*$/.test(value) ? { problems: [], value } : bad('base64 bytes');
  if (type === 'double' || type === 'float') {
    if (typeof value === 'number' && Number.isFinite(value)) return { problems: [], value };
    if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return { problems: [], value: Number(value) };
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return { problems: [], value: Number(value) };
    return bad('a number');
  }
  const n = integerOf(value);
  if (INT32.has(type)) return n !== null && n >= -(2 ** 31) && n < 2 ** 31 ? { problems: [], value: n } : bad('an int32');
  if (UINT32.has(type)) return n !== null && n >= 0 && n < 2 ** 32 ? { problems: [], value: n } : bad('a uint32');
  if (INT64.has(type)) {
    // proto3 JSON: a decimal string (canonical) or a number.
    return n !== null ? { problems: [], value: String(value) } : bad('a 64-bit integer (decimal string)');
  }
  return bad(`a supported scalar (${type})`);
}

function checkTimestamp(value: unknown, path: string): Checked {
  if (typeof value !== 'string' || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
    return { problems: [`${path}: expected an RFC 3339 timestamp, got ${JSON.stringify(value)}`], value };
  }
  const ms = Date.parse(value);
  const fraction = /\.(\d{1,9})/.exec(value)?.[1] ?? '';
  return { problems: [], value: { seconds: Math.floor(ms / 1000), nanos: Number(fraction.padEnd(9, '0') || '0') } };
}

function checkValue(field: protobuf.Field, value: unknown, path: string): Checked {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    if (typeof value === 'string' && value in resolved.values) return { problems: [], value };
    if (typeof value === 'number' && Object.values(resolved.values).includes(value)) return { problems: [], value };
    return { problems: [`${path}: ${JSON.stringify(value)} is not a value of enum ${resolved.fullName}`], value };
  }
  if (resolved instanceof protobuf.Type) {
    if (resolved.fullName === '.google.protobuf.Timestamp') return checkTimestamp(value, path);
    return checkMessage(resolved, value, path);
  }
  return checkScalar(field.type, value, path);
}

/** Checks a JSON value as message `type`; every problem is listed. */
export function checkMessage(type: protobuf.Type, value: unknown, path = type.name): Checked {
  if (!isObject(value)) return { problems: [`${path}: expected an object for ${type.fullName}`], value };
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const field = type.fieldsArray.find((f) => protoJsonName(f.name) === key || f.name === key);
    const at = `${path}.${key}`;
    if (!field) {
      problems.push(`${at}: unknown field (not in ${type.fullName})`);
      continue;
    }
    if (item === null) continue;
    if (field instanceof protobuf.MapField) {
      if (!isObject(item)) {
        problems.push(`${at}: expected an object (map<${field.keyType}, ${field.type}>)`);
        continue;
      }
      const map: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(item)) {
        const checked = checkValue(field, v, `${at}[${JSON.stringify(k)}]`);
        problems.push(...checked.problems);
        map[k] = checked.value;
      }
      out[field.name] = map;
    } else if (field.repeated) {
      if (!Array.isArray(item)) {
        problems.push(`${at}: expected an array (repeated ${field.type})`);
        continue;
      }
      out[field.name] = item.map((v, i) => {
        const checked = checkValue(field, v, `${at}[${i}]`);
        problems.push(...checked.problems);
        return checked.value;
      });
    } else {
      const checked = checkValue(field, item, at);
      problems.push(...checked.problems);
      out[field.name] = checked.value;
    }
  }
  return { problems, value: out };
}

/**
 * Parses a JSON value as `type` strictly and round-trips it through the binary wire format
 * (fromObject → encode → decode → toObject, proto field names, enums by name, 64-bit as strings).
 * Throws listing every problem.
 */
export function parseProtoJsonStrict(type: protobuf.Type, value: unknown, path = type.name): Record<string, unknown> {
  const { problems, value: normalized } = checkMessage(type, value, path);
  if (problems.length > 0) throw new Error(`not a valid ${type.fullName}:\n  ${problems.join('\n  ')}`);
  const message = type.fromObject(normalized as Record<string, unknown>);
  const decoded = type.decode(type.encode(message).finish());
  return type.toObject(decoded, { longs: String, enums: String, defaults: false });
}
