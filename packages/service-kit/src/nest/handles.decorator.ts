import { MessagePattern } from '@nestjs/microservices';
import { patternOf, type AnswerTo, type RequestContract } from '@arctrigger/contracts';

/**
 * Binds a Nest controller method to a request contract of the catalogue: `@Handles(Contracts.ArmTrade)`.
 * The method runs on BusTransport, so the request is validated (INVALID_REQUEST before the method
 * is called), traced and answered exactly as a raw `bus.reply` would be. Its return type is checked
 * against the contract's reply: success value, and only the codes the contract declares.
 */
export function Handles<C extends RequestContract>(contract: C) {
  return <M extends (...args: never[]) => AnswerTo<C> | Promise<AnswerTo<C>>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    MessagePattern(patternOf(contract))(target, key, descriptor);
  };
}
