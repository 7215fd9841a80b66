import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Bus, CLOCK, SERVICE_CONFIG, type Clock } from '@arctrigger/service-kit';
import { AuditorApp } from '../auditor-app';
import type { AuditorConfig } from '../config';

/** Starts the auditor's loop with the platform's Bus and Clock. */
@Injectable()
export class AuditorAppHost implements OnModuleInit, OnModuleDestroy {
  private started: AuditorApp | undefined;

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: AuditorConfig,
  ) {}

  get app(): AuditorApp {
    if (!this.started) throw new Error('the auditor is not started yet');
    return this.started;
  }

  async onModuleInit(): Promise<void> {
    this.started = await AuditorApp.start({ bus: this.bus, clock: this.clock, config: this.config });
  }

  async onModuleDestroy(): Promise<void> {
    await this.started?.stop();
  }
}
