import { describe, expect, it } from 'vitest';
import { judgeAlarms } from '../../../functions/core/gate-judge.js';

describe('judgeAlarms', () => {
  it('fails when any gate alarm is in ALARM', () => {
    const judgement = judgeAlarms(['errors', 'latency'], [
      { name: 'errors', state: 'ALARM' },
      { name: 'latency', state: 'OK' },
    ]);
    expect(judgement).toMatchObject({ verdict: 'fail', summary: 'in ALARM: errors' });
  });

  it('is inconclusive, never a pass, when an alarm has no data or is missing', () => {
    expect(judgeAlarms(['errors'], [{ name: 'errors', state: 'INSUFFICIENT_DATA' }]).verdict).toBe('inconclusive');
    expect(judgeAlarms(['errors', 'gone'], [{ name: 'errors', state: 'OK' }])).toMatchObject({ verdict: 'inconclusive', missingAlarms: ['gone'] });
  });

  it('passes when every gate alarm is OK, keeping the readings as evidence', () => {
    const judgement = judgeAlarms(['errors'], [{ name: 'errors', state: 'OK', reason: 'below threshold' }, { name: 'unrelated', state: 'ALARM' }]);
    expect(judgement).toEqual({ verdict: 'pass', summary: 'all 1 gate alarm(s) OK', alarms: [{ name: 'errors', state: 'OK', reason: 'below threshold' }], missingAlarms: [] });
  });
});
