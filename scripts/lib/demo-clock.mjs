// The market time `npm start` runs the simulated system at: `--session regular` (the default
// with the simulator) runs at 09:45 ET of the next trading day whenever the wall clock is outside
// regular hours, so the trader's path works at any hour. The offset is kept in <data>/clock.json:
// a second start still inside that session continues the same simulated day instead of jumping
// back in time under the data already stored.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const SESSIONS = ['regular', 'premarket', 'after-hours', 'now'];

/**
 * `baseOffsetMs`: ARCTRIGGER_CLOCK_OFFSET_MS when the user set it (then it is the starting point
 * and nothing stored is reused). Returns { offsetMs, at, session, reused }.
 */
export function chooseDemoClock({ session, calendar, demoSessionStart, file, wallNow = Date.now(), baseOffsetMs }) {
  const stored = baseOffsetMs === undefined ? readStored(file) : undefined;
  if (stored && stored.session === session) {
    const at = wallNow + stored.offsetMs;
    if (demoSessionStart(calendar, session, at) === at) return { offsetMs: stored.offsetMs, at, session, reused: true };
  }
  const base = wallNow + (baseOffsetMs ?? 0);
  // Never before the time the stored data has already seen.
  const from = stored && session !== 'now' ? Math.max(base, wallNow + stored.offsetMs) : base;
  const at = demoSessionStart(calendar, session, from);
  const offsetMs = at - wallNow;
  if (baseOffsetMs === undefined) writeStored(file, { session, offsetMs });
  return { offsetMs, at, session, reused: false };
}

function readStored(file) {
  try {
    if (!existsSync(file)) return undefined;
    const value = JSON.parse(readFileSync(file, 'utf8'));
    return SESSIONS.includes(value.session) && Number.isInteger(value.offsetMs) ? value : undefined;
  } catch {
    return undefined;
  }
}

function writeStored(file, value) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value)}\n`);
}

/** "2026-12-07 09:45:00 ET" */
export function easternLabel(epochMs) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const p = Object.fromEntries(f.formatToParts(new Date(epochMs)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}:${p.second} ET`;
}

/** "+2 d 23 h 12 min" */
export function offsetLabel(offsetMs) {
  const sign = offsetMs < 0 ? '−' : '+';
  let rest = Math.round(Math.abs(offsetMs) / 60_000);
  const d = Math.floor(rest / 1440);
  rest -= d * 1440;
  const h = Math.floor(rest / 60);
  const m = rest - h * 60;
  return `${sign}${[d ? `${d} d` : '', h ? `${h} h` : '', `${m} min`].filter(Boolean).join(' ')}`;
}
