import { Module, type INestMicroservice, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Bus } from '../bus/bus';
import { BusTransport } from './bus-transport.strategy';

@Module({})
class BusHandlersHostModule {}

/**
 * Serves Nest controllers' `@Handles` methods on `bus`, in this process, with the providers they
 * need: the same BusTransport a service process runs (validation, dead-lettering, tracing), for a
 * service whose plain-code core a test starts by itself. Resolves once every handler's
 * subscription reaches the server; `close()` stops them.
 */
export async function serveBusHandlers(bus: Bus, parts: { controllers: Type[]; providers: Provider[] }): Promise<INestMicroservice> {
  const host = await NestFactory.createMicroservice(
    { module: BusHandlersHostModule, controllers: parts.controllers, providers: parts.providers },
    { strategy: new BusTransport(bus), logger: false },
  );
  await host.listen();
  await bus.nc.flush();
  return host;
}
