/** Reads the fields of one incoming request in order; a missing field reads as empty. */
export class RequestReader {
  private index = 0;

  constructor(readonly fields: readonly string[]) {}

  get remaining(): number {
    return this.fields.length - this.index;
  }

  str(): string {
    return this.fields[this.index++] ?? '';
  }

  int(): number {
    const raw = this.str();
    const value = raw === '' ? 0 : Number.parseInt(raw, 10);
    return Number.isNaN(value) ? 0 : value;
  }

  /** Empty or Integer.MAX_VALUE / Double.MAX_VALUE read as undefined, as TWS does. */
  optionalNumber(): number | undefined {
    const raw = this.str();
    if (raw === '') return undefined;
    const value = Number.parseFloat(raw);
    if (Number.isNaN(value) || value === Number.MAX_VALUE || value === 2147483647) return undefined;
    return value;
  }

  number(): number {
    return this.optionalNumber() ?? 0;
  }

  bool(): boolean {
    const raw = this.str();
    return raw === '1' || raw.toLowerCase() === 'true';
  }

  skip(count: number): void {
    this.index += count;
  }
}
