import { ManualClock } from '@arctrigger/service-kit';
import { startTwsSim, type ScenarioInput, type TwsSim } from '../../src';
import { testScenario } from './scenario';

/** Starts a simulator on a free port with a manual clock at `at` (US/Eastern instant). */
export async function startSim(at: string, scenario: ScenarioInput = testScenario(), extra: { controlPort?: number; pacingLimit?: number } = {}): Promise<{ sim: TwsSim; clock: ManualClock }> {
  const clock = new ManualClock(at);
  const sim = await startTwsSim({ port: 0, scenario, seed: 11, clock, ...extra });
  return { sim, clock };
}
