import { z } from 'zod';
import { BaseServiceConfig, loadConfig } from '../src/config/load-config';
import { ConfigError } from '../src/errors';

const Schema = BaseServiceConfig.extend({ TWS_PORT: z.coerce.number().int().min(1).max(65535) });

describe('config', () => {
  it('config applies defaults when optional variables are absent', () => {
    const config = loadConfig(Schema, { TWS_PORT: '7497' });
    expect(config).toMatchObject({ NATS_URL: 'nats://127.0.0.1:4222', LOG_LEVEL: 'info', ARCTRIGGER_DEBUG: false, TWS_PORT: 7497 });
  });

  it('config names every bad variable and what was expected', () => {
    let error: unknown;
    try {
      loadConfig(Schema, { TWS_PORT: '99999', NATS_URL: 'http://x', ARCTRIGGER_DEBUG: 'yes' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/TWS_PORT: .*65535/);
    expect(message).toMatch(/NATS_URL: expected nats:\/\/host:port/);
    expect(message).toMatch(/ARCTRIGGER_DEBUG: expected true or false/);
  });

  it('config turns ARCTRIGGER_DEBUG=true into a boolean', () => {
    expect(loadConfig(Schema, { TWS_PORT: '1', ARCTRIGGER_DEBUG: 'true' }).ARCTRIGGER_DEBUG).toBe(true);
  });

  it('config refuses a clock start without a UTC offset', () => {
    expect(() => loadConfig(Schema, { TWS_PORT: '1', ARCTRIGGER_CLOCK_START: '2026-03-02T09:29:50' })).toThrow(/ARCTRIGGER_CLOCK_START/);
  });
});
