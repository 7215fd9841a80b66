import { readFileSync } from 'node:fs';
import { ScenarioSchema, type Scenario } from './scenario-schema';

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; code: 'INVALID_SCENARIO'; message: string };

/** Validates scenario data; every problem is reported with its JSON path. */
export function parseScenario(input: unknown): ScenarioResult {
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, code: 'INVALID_SCENARIO', message };
  }
  const seen = new Map<string, number>();
  for (const s of parsed.data.stocks) {
    if (seen.has(s.symbol)) return { ok: false, code: 'INVALID_SCENARIO', message: `stocks: duplicate symbol ${s.symbol}` };
    if ([...seen.values()].includes(s.conId)) return { ok: false, code: 'INVALID_SCENARIO', message: `stocks: duplicate conId ${s.conId}` };
    seen.set(s.symbol, s.conId);
  }
  return { ok: true, scenario: parsed.data };
}

/** Reads and validates a scenario file. */
export function loadScenarioFile(path: string): ScenarioResult {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, code: 'INVALID_SCENARIO', message: `${path}: cannot read (${(e as Error).message})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    return { ok: false, code: 'INVALID_SCENARIO', message: `${path}: not JSON (${(e as Error).message})` };
  }
  const result = parseScenario(json);
  return result.ok ? result : { ...result, message: `${path}: ${result.message}` };
}
