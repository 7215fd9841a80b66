/**
 * Money is compared in whole cents so that a cap of $2,000.00 allows an order of exactly
 * $2,000.00 regardless of floating-point noise (3 × 6.67 × 100 is 2000.9999…).
 */
export type Cents = number & { readonly __cents: unique symbol };

export function toCents(dollars: number): Cents {
  return Math.round(dollars * 100) as Cents;
}

export function dollars(cents: number): string {
  return `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Premium notional of an order: quantity × price per share × multiplier. */
export function notionalCents(quantity: number, price: number, multiplier: number): Cents {
  return toCents(quantity * price * multiplier);
}
