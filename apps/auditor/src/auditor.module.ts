import { Inject, Injectable, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Bus, CLOCK, SERVICE_CONFIG, type Clock } from '@arctrigger/service-kit';
import { AuditorApp } from './auditor-app';
import type { AuditorConfig } from './config';

/** Starts the auditor's loop and queries with the platform's Bus and Clock. */
@Injectable()
export class AuditorAppHost implements OnModuleInit, OnModuleDestroy {
  private app: AuditorApp | undefined;

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: AuditorConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.app = await AuditorApp.start({ bus: this.bus, clock: this.clock, config: this.config });
  }

  async onModuleDestroy(): Promise<void> {
    await this.app?.stop();
  }
}

/** Root module of the auditor. */
@Module({ providers: [AuditorAppHost] })
export class AuditorModule {}
