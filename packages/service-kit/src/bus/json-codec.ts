const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Payloads must be UTF-8: a malformed byte is refused, never silently replaced by U+FFFD. */
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export type Decoded = { ok: true; value: unknown } | { ok: false; message: string };

export function decodeJson(data: Uint8Array): Decoded {
  let text: string;
  try {
    text = strictDecoder.decode(data);
  } catch {
    return { ok: false, message: 'payload is not UTF-8' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `payload is not JSON: ${(error as Error).message}` };
  }
}

export function textOf(data: Uint8Array, max = 65_536): string {
  const text = decoder.decode(data.length > max ? data.subarray(0, max) : data);
  return text;
}
