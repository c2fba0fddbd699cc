/**
 * Pads JSON response bodies to a configured size, so a scenario can choose how many bytes each
 * response carries through the mesh. The padding is a `pad` string field added to the object;
 * the padding text is built once and sliced per response (a V8 slice does not copy).
 */

/** A response body and its exact UTF-8 length in bytes. */
export interface PaddedBody {
  body: string;
  bytes: number;
}

/** `,"pad":""` — the bytes the pad field costs beyond its content (one less in an empty object). */
const PAD_FIELD_OVERHEAD = 9;

/** Pads JSON object texts to `targetBytes` (see the module comment). */
export class ResponsePadding {
  readonly targetBytes: number;
  readonly #source: string;

  constructor(targetBytes: number) {
    if (!Number.isSafeInteger(targetBytes) || targetBytes < 0) {
      throw new RangeError(`responseBytes must be a non-negative integer (got ${targetBytes})`);
    }
    this.targetBytes = targetBytes;
    // A flat one-byte string (String#repeat may build a rope that every slice would flatten again).
    this.#source = Buffer.alloc(targetBytes, 'x').toString('latin1');
  }

  /**
   * Returns `json` (the text of a JSON object) with a `pad` field making it exactly `targetBytes`
   * long, or unchanged when it is already that long or longer (or too close to it to fit a pad).
   */
  apply(json: string): PaddedBody {
    const naturalBytes = Buffer.byteLength(json);
    const isEmptyObject = json.length === 2;
    const padLength = this.targetBytes - naturalBytes - (isEmptyObject ? PAD_FIELD_OVERHEAD - 1 : PAD_FIELD_OVERHEAD);
    if (padLength <= 0 || json.charCodeAt(json.length - 1) !== 0x7d /* } */) {
      return { body: json, bytes: naturalBytes };
    }
    const head = isEmptyObject ? '{"pad":"' : json.slice(0, -1) + ',"pad":"';
    return { body: head + this.#source.slice(0, padLength) + '"}', bytes: this.targetBytes };
  }
}
