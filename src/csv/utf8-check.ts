import { isUtf8 } from "node:buffer";

/**
 * Checks that a byte stream is valid UTF-8, chunk by chunk, without decoding it into strings
 * (a decoder's output would be garbage for the reader's small heap). A character split across
 * two chunks is carried over.
 */
export class Utf8Check {
  private carry: Buffer = Buffer.alloc(0);

  /** False as soon as the bytes so far cannot be UTF-8. */
  push(chunk: Buffer): boolean {
    const bytes = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    let cut = bytes.length;
    // Hold back a trailing character whose continuation bytes have not arrived yet.
    for (let back = 1; back <= Math.min(3, bytes.length); back++) {
      const byte = bytes[bytes.length - back] as number;
      if ((byte & 0xc0) === 0x80) continue;
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      if (length > back) cut = bytes.length - back;
      break;
    }
    if (!isUtf8(bytes.subarray(0, cut))) return false;
    this.carry = Buffer.from(bytes.subarray(cut));
    return true;
  }

  /** False when the stream ended inside a character. */
  end(): boolean {
    return this.carry.length === 0;
  }
}
