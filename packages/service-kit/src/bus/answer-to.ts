import type { AnswerTo, Reply, RequestContract } from '@arctrigger/contracts';

/**
 * A reply typed `Reply<T>` (a plain string code) given as the answer to `contract`. Nothing is
 * lost at run time: the Bus checks every answer against its contract when it sends it (a code the
 * contract does not declare is a ContractViolationError, answered HANDLER_FAILED). Code whose
 * replies carry their contract's code types needs no such step.
 */
export function asAnswerTo<C extends RequestContract>(_contract: C, reply: Promise<Reply<unknown>>): Promise<AnswerTo<C>>;
export function asAnswerTo<C extends RequestContract>(_contract: C, reply: Reply<unknown>): AnswerTo<C>;
export function asAnswerTo<C extends RequestContract>(_contract: C, reply: Reply<unknown> | Promise<Reply<unknown>>): AnswerTo<C> | Promise<AnswerTo<C>> {
  return reply as AnswerTo<C> | Promise<AnswerTo<C>>;
}
