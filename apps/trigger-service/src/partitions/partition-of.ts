/**
 * The partition an instrument belongs to: a stable 32-bit integer hash of its conId (murmur3's
 * finaliser, which spreads sequential conIds evenly) modulo the fixed partition count. Every
 * instance must compute the same answer, so this never depends on process state.
 */
export function partitionOf(conId: number, partitions: number): number {
  let h = conId | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % partitions;
}
