import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Contracts, type PayloadOf } from '@arctrigger/contracts';
import { Handles } from '@arctrigger/service-kit';
import { RiskAppHost } from './risk-app.host';

/** The risk-service's commands and queries on the bus: trading state, panic, limits, positions, adopted positions (the gate's checks and releases are RiskDecider's). */
@Controller()
export class RiskCommandsController {
  constructor(private readonly host: RiskAppHost) {}

  private get commands() {
    return this.host.app.commands;
  }

  @Handles(Contracts.SetTradingState)
  setTradingState(@Payload() command: PayloadOf<typeof Contracts.SetTradingState>) {
    return this.commands.setTradingState(command);
  }

  @Handles(Contracts.Panic)
  panic(@Payload() command: PayloadOf<typeof Contracts.Panic>) {
    return this.commands.panic(command);
  }

  @Handles(Contracts.ChangeRiskLimits)
  changeLimits(@Payload() command: PayloadOf<typeof Contracts.ChangeRiskLimits>) {
    return this.commands.changeLimits(command);
  }

  @Handles(Contracts.GetRiskLimits)
  limits(@Payload() query: PayloadOf<typeof Contracts.GetRiskLimits>) {
    return this.commands.limits(query);
  }

  @Handles(Contracts.AdoptRiskPosition)
  adoptPosition(@Payload() command: PayloadOf<typeof Contracts.AdoptRiskPosition>) {
    return this.commands.adoptPosition(command);
  }

  @Handles(Contracts.GetPositions)
  positions(@Payload() query: PayloadOf<typeof Contracts.GetPositions>) {
    return this.commands.positions(query);
  }
}
