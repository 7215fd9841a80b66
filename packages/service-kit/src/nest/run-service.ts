import { Module, type DynamicModule, type INestApplication, type INestMicroservice, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { z } from 'zod';
import { ConfigError } from '../errors';
import { createServiceKit, type ServiceKit, type ServiceKitOptions } from '../service-kit';
import type { BaseServiceConfig } from '../config/load-config';
import { BusTransport } from './bus-transport.strategy';
import { ServiceKitModule } from './service-kit.module';
import { tierUpSooner } from '../runtime/tier-up-sooner';

export interface RunServiceOptions<S extends z.ZodObject> extends ServiceKitOptions<S> {
  /** The application's root module (domain modules, controllers, bus handlers). */
  module: Type | DynamicModule;
  /** Serve HTTP on this port (console); bus-only services leave it out. */
  httpPort?: (config: z.infer<S>) => number;
  /**
   * Runs after the app is listening (its command handlers answer), e.g. to start hot-path
   * subscriptions and consumers of work; the service is marked ready (`readyAt`) when it is done.
   */
  onReady?: (kit: ServiceKit<z.infer<S> & BaseServiceConfig>, app: INestApplication | INestMicroservice) => Promise<void> | void;
}

@Module({})
class ServiceRootModule {}

/**
 * Runs a NestJS service on the platform: starts the kit, serves Nest handlers over the Bus
 * (and HTTP when asked), reports health, and shuts down cleanly on SIGTERM / SIGINT:
 * handlers stop, NATS drains, spans flush, the process exits 0. A bad configuration stops it at
 * start with exit code 78 and a message naming the variable.
 */
export async function runService<S extends z.ZodObject>(options: RunServiceOptions<S>): Promise<void> {
  let kit: ServiceKit<z.infer<S> & BaseServiceConfig>;
  try {
    kit = await createServiceKit(options);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${options.service}: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [ServiceKitModule.forRoot(kit), options.module],
  };
  const transport = new BusTransport(kit.bus);
  let app: INestApplication | INestMicroservice;
  let port: number | undefined;
  if (options.httpPort) {
    const http = await NestFactory.create(root, { bufferLogs: true });
    http.useLogger(http.get(PinoNestLogger));
    http.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
    await http.startAllMicroservices();
    port = options.httpPort(kit.config);
    await http.listen(port, '0.0.0.0');
    app = http;
  } else {
    const ms = await NestFactory.createMicroservice(root, { strategy: transport, bufferLogs: true });
    ms.useLogger(ms.get(PinoNestLogger));
    await ms.listen();
    app = ms;
  }
  kit.health.start();
  // The server holds every handler's subscription before `onReady` takes on work (ticks, fires,
  // executions): whoever hears from this instance's work can already ask it.
  await kit.bus.nc.flush();
  await options.onReady?.(kit, app);
  // Ready once the server holds every subscription made so far: a request sent after "ready" is heard.
  await kit.bus.nc.flush();
  kit.health.markReady();
  // Start-up ran at V8's default; what runs from now on (the fire path among it) is optimised sooner.
  tierUpSooner();
  // Lifecycle lines are written whatever LOG_LEVEL says: launchers wait for "<service> ready".
  const lifecycle = kit.logger.child({}, { level: 'info' });
  lifecycle.info({ instanceId: kit.instanceId, nats: kit.config.NATS_URL, httpPort: port, metricsPort: kit.operations?.port }, `${options.service} ready`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    lifecycle.info({ signal }, `${options.service} stopping`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void (async () => {
      try {
        await app.close();
        await kit.close();
        process.exit(0);
      } catch (error) {
        kit.logger.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      }
    })();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
