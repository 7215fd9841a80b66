const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Payloads must be UTF-8: a malformed byte is refused, never silently replaced by U+FFFD. */
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export type Decoded = { ok: true; value: unknown } | { ok: false; message: string };

export function decodeJson(data: Uint8Array): Decoded {
  try {
    return { ok: true, value: JSON.parse(strictDecoder.decode(data)) as unknown };
  } catch (error) {
    if (error instanceof TypeError) return { ok: false, message: 'payload is not UTF-8' };
    return { ok: false, message: `payload is not JSON: ${(error as Error).message}` };
  }
}

export function textOf(data: Uint8Array, max = 65_536): string {
  const text = decoder.decode(data.length > max ? data.subarray(0, max) : data);
  return text;
}
