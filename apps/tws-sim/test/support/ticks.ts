/** Penny-pilot option ticks: 0.01 below $3, 0.05 from $3. */
export function conformsToTickForTest(price: number): boolean {
  const tick = price < 3 ? 0.01 : 0.05;
  return Math.abs(price / tick - Math.round(price / tick)) < 1e-6;
}
