/**
 * TWS API framing, both ways: a 4-byte big-endian length, then NUL-terminated UTF-8 fields (the
 * last one included). The very first bytes a client sends are `API\0` followed by one framed
 * version string, which this reader handles as a special first frame.
 */
export const MAX_FRAME_BYTES = 0xffffff;
const API_PREFIX = Buffer.from('API\0', 'latin1');

export type Frame = { type: 'hello'; versions: string } | { type: 'message'; fields: string[] };

export class MalformedFrameError extends Error {
  override readonly name = 'MalformedFrameError';
}

/** Splits a byte stream into frames. Throws MalformedFrameError on bytes that can never be a frame. */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private greeted = false;

  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    if (!this.greeted) {
      if (this.buffer.length < API_PREFIX.length) {
        if (!API_PREFIX.subarray(0, this.buffer.length).equals(this.buffer)) throw new MalformedFrameError('expected "API\\0" handshake');
        return frames;
      }
      if (!this.buffer.subarray(0, API_PREFIX.length).equals(API_PREFIX)) throw new MalformedFrameError('expected "API\\0" handshake');
      const body = this.nextBody(API_PREFIX.length);
      if (body === undefined) return frames;
      this.greeted = true;
      frames.push({ type: 'hello', versions: body.toString('utf8').replace(/\0+$/, '') });
    }
    for (;;) {
      const body = this.nextBody(0);
      if (body === undefined) return frames;
      frames.push({ type: 'message', fields: splitFields(body) });
    }
  }

  private nextBody(offset: number): Buffer | undefined {
    if (this.buffer.length < offset + 4) return undefined;
    const length = this.buffer.readUInt32BE(offset);
    if (length === 0 || length > MAX_FRAME_BYTES) throw new MalformedFrameError(`invalid frame length ${length}`);
    if (this.buffer.length < offset + 4 + length) return undefined;
    const body = this.buffer.subarray(offset + 4, offset + 4 + length);
    this.buffer = this.buffer.subarray(offset + 4 + length);
    return body;
  }
}

function splitFields(body: Buffer): string[] {
  if (body[body.length - 1] !== 0) throw new MalformedFrameError('frame does not end with a NUL field terminator');
  const text = body.toString('utf8');
  return text.slice(0, -1).split('\0');
}

/** One outgoing message: fields joined by NUL, NUL-terminated, length-prefixed. */
export function encodeFrame(fields: readonly WireValue[]): Buffer {
  let text = '';
  for (const f of fields) text += formatField(f) + '\0';
  const bodyLength = Buffer.byteLength(text, 'utf8');
  const frame = Buffer.allocUnsafe(4 + bodyLength);
  frame.writeUInt32BE(bodyLength, 0);
  frame.write(text, 4, 'utf8');
  return frame;
}

/** A field value as it goes on the wire; `undefined` is an empty field ("unset" for the decoder). */
export type WireValue = string | number | boolean | undefined;

export function formatField(value: WireValue): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return value;
}
