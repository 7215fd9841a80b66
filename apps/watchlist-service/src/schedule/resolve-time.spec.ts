import { MarketCalendar } from '@arctrigger/service-kit';
import { nextResolveAt, parseEasternTime, previousResolveAt } from './resolve-time';

const calendar = new MarketCalendar();
const nine = parseEasternTime('09:00');
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

describe('nextResolveAt', () => {
  it.each([
    ['later the same trading day', '2026-11-24T12:30:00Z', '2026-11-24T14:00:00Z'],
    ['the next trading day once the time has passed', '2026-11-24T14:00:00Z', '2026-11-25T14:00:00Z'],
    ['Monday from a Friday afternoon (no weekend run)', '2026-11-20T20:00:00Z', '2026-11-23T14:00:00Z'],
    ['the day after Thanksgiving (a holiday is skipped)', '2026-11-25T15:00:00Z', '2026-11-27T14:00:00Z'],
    ['09:00 EDT in summer (13:00 UTC)', '2026-07-07T10:00:00Z', '2026-07-07T13:00:00Z'],
  ])('nextResolveAt is %s', (_name, now, expected) => {
    expect(iso(nextResolveAt(Date.parse(now), nine, calendar))).toBe(expected);
  });
});

describe('previousResolveAt', () => {
  it.each([
    ['the same day once the time has passed', '2026-11-24T15:00:00Z', '2026-11-24T14:00:00Z'],
    ['the time itself when now is exactly it', '2026-11-24T14:00:00Z', '2026-11-24T14:00:00Z'],
    ['Friday from a Monday before the time', '2026-11-23T12:00:00Z', '2026-11-20T14:00:00Z'],
  ])('previousResolveAt is %s', (_name, now, expected) => {
    expect(iso(previousResolveAt(Date.parse(now), nine, calendar))).toBe(expected);
  });
});
