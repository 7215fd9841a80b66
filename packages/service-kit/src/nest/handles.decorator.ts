import { MessagePattern } from '@nestjs/microservices';
import { patternOf, type RequestContract } from '@arctrigger/contracts';

/**
 * Binds a Nest controller method to a request contract of the catalogue: `@Handles(Contracts.ArmTrade)`.
 * The method runs on BusTransport, so the request is validated (INVALID_REQUEST before the method
 * is called), traced and answered exactly as a raw `bus.reply` would be; it returns the contract's
 * reply (`ok(value)` or `fail(code, message)`).
 */
export function Handles(contract: RequestContract): MethodDecorator {
  return MessagePattern(patternOf(contract));
}
