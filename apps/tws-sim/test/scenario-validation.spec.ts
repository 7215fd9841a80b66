import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidScenarioError, loadScenarioFile, parseScenario, startTwsSim } from '../src';
import { testScenario } from './support/scenario';

describe('scenario validation', () => {
  it('accepts the default scenario file', () => {
    const result = loadScenarioFile(join(__dirname, '..', 'scenarios', 'default.json'));
    expect(result.ok).toBe(true);
  });

  it.each([
    [{ stocks: [] }, 'stocks: Too small'],
    [{ stocks: [{ symbol: 'aapl', conId: 1, primaryExchange: 'NASDAQ', price: 1 }] }, 'stocks.0.symbol'],
    [{ stocks: [{ symbol: 'AAPL', conId: 1, primaryExchange: 'LSE', price: 1 }] }, 'stocks.0.primaryExchange'],
    [{ stocks: [{ symbol: 'AAPL', conId: 1, primaryExchange: 'NYSE', price: 0 }] }, 'stocks.0.price'],
    [{ account: 'U123', stocks: testScenario().stocks }, 'account: a paper account'],
    [{ stocks: [...testScenario().stocks, { symbol: 'AAPL', conId: 9, primaryExchange: 'NYSE', price: 1 }] }, 'duplicate symbol AAPL'],
    [{ stocks: testScenario().stocks, colour: 'blue' }, 'colour'],
  ])('rejects %j with a message naming the problem', (input, text) => {
    const result = parseScenario(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(text);
  });

  it('reports unreadable and non-JSON files with their path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tws-sim-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ nope');
    const result = loadScenarioFile(file);
    expect(result.ok ? '' : result.message).toContain(`${file}: not JSON`);
    expect(loadScenarioFile(join(dir, 'missing.json')).ok).toBe(false);
  });

  it('refuses to start on an invalid scenario', async () => {
    await expect(startTwsSim({ port: 0, scenario: { stocks: [] } })).rejects.toBeInstanceOf(InvalidScenarioError);
  });
});
