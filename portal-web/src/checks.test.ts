import { describe, expect, it } from 'vitest';
import { checkEntry } from './pages/ManualEntryPage';
import { href, parse } from './router';
import { addDays, firstOfMonth, monthsBetween } from './util';
import { texts } from './i18n';

const form = { pointId: 'out', period: 'MONTH' as const, periodStart: '2026-10-01', value: '1250.5', comment: '', files: [] };

describe('manual entry checks, as the user types', () => {
  it('accepts a month starting on the 1st with a decimal value', () => {
    expect(checkEntry(form, '2026-11-24')).toEqual({});
  });
  it('says what to fix in each field', () => {
    expect(checkEntry({ ...form, value: '12,5' }, '2026-11-24')).toEqual({ value: 'mustBeNumber' });
    expect(checkEntry({ ...form, value: '-1' }, '2026-11-24')).toEqual({ value: 'mustNotBeNegative' });
    expect(checkEntry({ ...form, periodStart: '2026-10-02' }, '2026-11-24')).toEqual({ periodStart: 'mustBeFirst' });
    // 2026-11-17 is a Tuesday
    expect(checkEntry({ ...form, period: 'WEEK', periodStart: '2026-11-17' }, '2026-11-24')).toEqual({ periodStart: 'mustBeMonday' });
    expect(checkEntry({ ...form, period: 'WEEK', periodStart: '2026-11-16' }, '2026-11-24')).toEqual({});
    expect(checkEntry({ ...form, periodStart: '2026-12-01' }, '2026-11-24')).toEqual({ periodStart: 'mustNotBeFuture' });
    expect(checkEntry({ ...form, pointId: '', comment: 'x'.repeat(501) }, '2026-11-24'))
      .toEqual({ pointId: 'mustChoosePoint', comment: 'tooManyChars' });
  });
});

describe('hash routes', () => {
  it('round-trip an enterprise view and the group view', () => {
    const r = { view: 'manual', tenantId: 'hongdu-group', enterpriseCode: '91360100MA35K8P233' };
    expect(parse(href(r))).toEqual(r);
    expect(parse('#/e/hongdu-group/91360100MA35K8P233')).toEqual({ ...r, view: 'dashboard' });
    expect(parse('')).toEqual({ view: 'home' });
    expect(href({ view: 'home' })).toBe('#/');
  });
});

describe('dates', () => {
  it('step over month ends and count whole months', () => {
    expect(addDays('2026-10-31', 1)).toBe('2026-11-01');
    expect(firstOfMonth('2026-01-15', 1)).toBe('2025-12-01');
    expect(monthsBetween('2024-11-01', '2026-11-01')).toBe(24);
    expect(monthsBetween('2024-11-01', '2026-11-02')).toBe(24);
    expect(monthsBetween('2024-11-02', '2026-11-01')).toBe(23);
  });
});

describe('texts', () => {
  it('every Chinese text has its English one and no English text is left empty', () => {
    expect(Object.keys(texts.en).sort()).toEqual(Object.keys(texts.zh).sort());
    expect(Object.entries(texts.en).filter(([, v]) => !v.trim())).toEqual([]);
  });
});

import { checkFormula } from './formula';

describe('the formula editor\'s live check', () => {
  const points = new Set(['main-meter.active-energy', 'workshop-1.active-energy']);
  const items = new Set(['0000000002330011']);
  it('accepts what libs/formula accepts', () => {
    for (const f of ['[main-meter.active-energy]', '[main-meter.active-energy] - [workshop-1.active-energy]',
      '0.1229<kgce/kWh> * {0000000002330011}', 'sum([main-meter.active-energy], -2 * (1 + 3))', 'abs(-{0000000002330011})']) {
      expect(checkFormula(f, points, items), f).toBeNull();
    }
  });
  it('names the unknown reference and where a formula breaks', () => {
    expect(checkFormula('[nope]', points, items)).toMatchObject({ at: 0, en: 'unknown point [nope]' });
    expect(checkFormula('{123}', points, items)).toMatchObject({ en: 'unknown data item {123}' });
    expect(checkFormula('[main-meter.active-energy] +', points, items)?.at).toBe(28);
    expect(checkFormula('avg(1)', points, items)?.en).toContain("unknown function 'avg'");
    expect(checkFormula('(1 + 2', points, items)?.en).toBe("missing ')'");
    expect(checkFormula('1 2', points, items)?.en).toBe("unexpected '2'");
  });
});

import { nextSecond } from './pages/UploadsPage';

describe('re-upload of one period', () => {
  it('ends one second after the period\'s statDate, across a day and a year', () => {
    expect(nextSecond('2026-11-24T22:40:22')).toBe('2026-11-24T22:40:23');
    expect(nextSecond('2026-11-24T22:40')).toBe('2026-11-24T22:40:01');
    expect(nextSecond('2026-12-31T23:59:59')).toBe('2027-01-01T00:00:00');
  });
});
