import { describe, expect, it } from 'vitest';
import { changedFields } from './AuditPage';

describe('an audited change, field by field', () => {
  it('lists the fields that differ between two versions, nested ones by their path', () => {
    const before = { id: 'w', scale: 0.01, unit: 'kWh', address: { meterAddress: '000000000042', dataId: '00010000' }, steam: null };
    const after = { id: 'w', scale: 0.02, unit: 'kWh', address: { meterAddress: '000000000043', dataId: '00010000' }, steam: null };
    expect(changedFields(before, after)).toEqual([
      { field: 'address.meterAddress', before: '000000000042', after: '000000000043' },
      { field: 'scale', before: '0.01', after: '0.02' },
    ]);
    expect(changedFields({ statTypes: [0, 1] }, { statTypes: [0, 1, 2], formula: '[a]' })).toEqual([
      { field: 'formula', before: undefined, after: '[a]' },
      { field: 'statTypes', before: '0, 1', after: '0, 1, 2' },
    ]);
  });
});
