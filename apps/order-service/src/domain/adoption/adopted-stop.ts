import { fail, ok, type AdoptStopLoss, type Right } from '@arctrigger/contracts';

const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * The stop of an adopted position on its underlying, against `reference` (the underlying's price
 * when adopted): an offset below it for a call (above for a put), or an absolute level, which must
 * be on that side — a stop already crossed would sell at once. The trade records the stop as an
 * offset from the reference (its spec's trigger price), as armed trades do, so modifying the stop
 * offset later keeps working.
 */
export function adoptedStop(right: Right, stopLoss: AdoptStopLoss, reference: number) {
  const level = stopLoss.mode === 'price' ? cents(stopLoss.price) : cents(right === 'CALL' ? reference - stopLoss.offset : reference + stopLoss.offset);
  const offset = cents(Math.abs(reference - level));
  const rightSide = right === 'CALL' ? level < reference : level > reference;
  if (!rightSide || offset <= 0 || level <= 0) {
    return fail('STOP_ON_WRONG_SIDE', `a ${right.toLowerCase()}'s stop must be ${right === 'CALL' ? 'below' : 'above'} the underlying's price ${reference}; ${level} would fire at once`);
  }
  return ok({ level, offset });
}
