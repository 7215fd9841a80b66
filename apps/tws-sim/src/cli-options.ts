import { z } from 'zod';

/** Command-line options with their environment fallbacks (TWS_SIM_*). */
export const CliOptionsSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535).default(7497),
  controlPort: z.coerce.number().int().min(0).max(65535).default(7498),
  scenario: z.string().min(1).optional(),
  seed: z.coerce.number().int().default(1),
  clock: z.string().min(1).refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO instant, e.g. 2026-03-02T09:29:50-05:00').optional(),
  /**
   * Run this many ms from the wall clock (speed 1): processes started at different moments with the
   * same offset agree on "now" to the millisecond (the services' ARCTRIGGER_CLOCK_OFFSET_MS).
   */
  clockOffsetMs: z.coerce.number().int().optional(),
  speed: z.coerce.number().positive().max(10_000).default(1),
  host: z.string().min(1).default('127.0.0.1'),
})
  .refine((o) => o.clock === undefined || o.clockOffsetMs === undefined, { message: 'give --clock or --clock-offset-ms, not both', path: ['clockOffsetMs'] })
  .refine((o) => o.clockOffsetMs === undefined || o.speed === 1, { message: 'an offset clock runs in real time (speed 1)', path: ['speed'] });
export type CliOptions = z.output<typeof CliOptionsSchema>;

const FLAGS: Record<string, keyof CliOptions> = {
  '--port': 'port',
  '--control-port': 'controlPort',
  '--scenario': 'scenario',
  '--seed': 'seed',
  '--clock': 'clock',
  '--clock-offset-ms': 'clockOffsetMs',
  '--speed': 'speed',
  '--host': 'host',
};

const ENV: Record<keyof CliOptions, string> = {
  port: 'TWS_SIM_PORT',
  controlPort: 'TWS_SIM_CONTROL_PORT',
  scenario: 'TWS_SIM_SCENARIO',
  seed: 'TWS_SIM_SEED',
  clock: 'TWS_SIM_CLOCK',
  clockOffsetMs: 'TWS_SIM_CLOCK_OFFSET_MS',
  speed: 'TWS_SIM_SPEED',
  host: 'TWS_SIM_HOST',
};

export type CliResult = { ok: true; options: CliOptions } | { ok: false; message: string };

/** Flags win over environment variables; unknown flags are errors. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliResult {
  const raw: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV)) if (env[name]) raw[key] = env[name]!;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const key = FLAGS[flag];
    if (!key) return { ok: false, message: `unknown option ${flag}` };
    const value = inline ?? argv[++i];
    if (value === undefined) return { ok: false, message: `${flag} needs a value` };
    raw[key] = value;
  }
  const parsed = CliOptionsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, options: parsed.data };
}
