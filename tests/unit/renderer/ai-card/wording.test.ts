import { describe, expect, it } from 'vitest';
import type { HeadView } from '../../../../src-renderer/src/features/ai-card/prediction-view';
import {
  callPhrase, dateText, headline, matchWords, measurementText, methodOf, ordinal, percent, probabilityInterval, quantityOf, shortMethodOf,
  uncertaintyPhrase, uncertaintyScale, valueWithUnit,
} from '../../../../src-renderer/src/features/ai-card/wording';

const logistic: HeadView = {
  head: 'lvef-lt-40', label: 'LVEF < 40 %', kind: 'logistic', probability: 0.1712, interval: [0.12, 0.254], intervalLevel: 0.9, threshold: 0.5, call: 'negative',
};
const knn: HeadView = {
  head: 'lvef-knn', label: 'LVEF (nearest echo studies)', kind: 'knn', value: 62.3, unit: '%', interval: [41.6, 82.4], intervalLevel: 0.9, threshold: 40,
  call: 'negative', callWhen: 'below',
};

describe('card wording', () => {
  it('writes ordinals right', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 102, 111, 112, 0].map(ordinal)).toEqual([
      '1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '102nd', '111th', '112th', '0th',
    ]);
    expect(ordinal(1.6)).toBe('2nd');
  });

  it('puts the finding and its probability in one phrase, and the interval beside it', () => {
    expect(headline(logistic)).toBe('LVEF < 40 %: probability 17 %');
    expect(probabilityInterval(logistic)).toBe('90 % interval 12–25 %');
    expect(percent(0.001)).toBe('< 1 %');
    expect(percent(0.999)).toBe('> 99 %');
  });

  it('writes an estimate with its unit and interval, and the call as a question answered', () => {
    expect(headline(knn)).toBe('LVEF 62 % (90 % interval 42–82 %)');
    expect(callPhrase(knn)).toBe('below 40 %: no');
    expect(callPhrase({ ...knn, value: 31, call: 'positive' })).toBe('below 40 %: yes');
    expect(callPhrase(logistic)).toBe('probability 50 % or more: no');
    // A stored result from before callWhen existed: the side is read off the call.
    const { callWhen: _omit, ...old } = knn;
    expect(callPhrase(old)).toBe('below 40 %: no');
    expect(callPhrase({ ...old, value: 31, call: 'positive' })).toBe('below 40 %: yes');
    expect(probabilityInterval(knn)).toBeNull();
  });

  it('keeps method names out of the headline and says them plainly', () => {
    expect(quantityOf('LVEF (zero-shot prompts)')).toBe('LVEF');
    expect(quantityOf('LVEF')).toBe('LVEF');
    for (const text of [headline(knn), headline({ ...knn, label: 'LVEF (zero-shot prompts)', kind: 'prompt-regression' })]) {
      expect(text).not.toMatch(/zero-shot|prompt|knn|nearest|lvef-/i);
    }
    expect(methodOf('prompt-regression')).toMatch(/echo report phrases/);
    expect(methodOf('knn')).toMatch(/most similar echo studies/);
    expect(methodOf('logistic')).toBeNull();
    expect(shortMethodOf('knn')).toBe('from similar echo studies');
    expect(shortMethodOf('logistic')).toBeNull();
  });

  it('says what the uncertainty level means', () => {
    expect(uncertaintyPhrase({ level: 'low', percentile: 4.44 })).toBe("low: 4th percentile of the pack's reference ECGs");
    expect(uncertaintyPhrase({ level: 'high', percentile: 62 })).toBe("high: 62nd percentile of the pack's reference ECGs");
    expect(uncertaintyPhrase({ level: 'abstain', percentile: 96.2 })).toContain('too high to call: 96th');
    expect(uncertaintyScale(50, 94)).toBe('High means at or above the 50th percentile of the reference ECGs; the model makes no call from the 94th.');
    expect(uncertaintyScale(undefined, 94)).toBeNull();
  });

  it('writes report measurements with units, dates and the match probability in words', () => {
    expect(measurementText('lvef', 51.3)).toBe('LVEF 51 %');
    expect(measurementText('lvedv', 117)).toBe('LVEDV 117 mL');
    expect(measurementText('lvsv', 60)).toBe('Stroke volume 60 mL');
    expect(measurementText('e_over_a', 1.23)).toBe('e_over_a 1.2');
    expect(valueWithUnit(4.56, 'cm')).toBe('4.6 cm');
    expect(dateText('2020-01-17')).toBe('17 Jan 2020');
    expect(dateText('2021-05-10T13:15:18')).toBe('10 May 2021 13:15');
    expect(dateText('sometime')).toBe('sometime');
    // A stored UTC timestamp is shown in local time (the suite runs with the machine's zone).
    const utc = '2026-12-06T02:35:00.000Z';
    const local = new Date(utc);
    expect(dateText(utc)).toBe(`${local.getDate()} Dec 2026 ${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`);
    expect(matchWords(0.594)).toBe('possible match (59 %)');
    expect(matchWords(0.85)).toBe('very likely match (85 %)');
    expect(matchWords(0.1)).toBe('very unlikely match (10 %)');
  });
});
