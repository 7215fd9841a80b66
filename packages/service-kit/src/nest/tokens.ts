/** Injection tokens for what the service kit provides to a Nest application. */
export const CLOCK = Symbol('Clock');
export const SERVICE_CONFIG = Symbol('ServiceConfig');
export const LOGGER = Symbol('Logger');
export const MARKET_CALENDAR = Symbol('MarketCalendar');
/** The service's OpenTelemetry Meter (its instruments are made from it). */
export const METER = Symbol('Meter');
