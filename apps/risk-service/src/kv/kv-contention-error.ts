/** Another writer kept winning the compare-and-set on one KV record: a bug or a pathological load. */
export class KvContentionError extends Error {
  override readonly name = 'KvContentionError';
  constructor(record: string, attempts: number) {
    super(`${record}: compare-and-set lost ${attempts} times in a row`);
  }
}
