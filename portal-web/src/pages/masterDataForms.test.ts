import { describe, expect, it } from 'vitest';
import { entityBody, fieldProblem, FormValues, platformList } from './MasterDataForms';
import { deviceFields, equipmentFields, pointFields } from './masterDataFields';

const devices = [
  { id: 'main-meter', protocol: 'MODBUS_TCP' },
  { id: 'workshop-gateway', protocol: 'DLT645_TCP' },
  { id: 'water-bus', protocol: 'CJT188_SERIAL' },
  { id: 'dcs', protocol: 'OPC_UA' },
];
const points = pointFields(devices, [], []);
const shownKeys = (values: FormValues) =>
  points.filter((f) => !f.visible || f.visible(values)).map((f) => f.key).filter((k) => k.startsWith('address.'));
const problems = (fields: typeof points, values: FormValues) => Object.fromEntries(fields
  .filter((f) => !f.visible || f.visible(values))
  .map((f) => [f.key, fieldProblem(fields, f, values, 'en')])
  .filter(([, p]) => p));

describe('a point\'s address fields follow its device\'s protocol', () => {
  it('offers registers for Modbus, meter address and DI for DL/T 645 and CJ/T 188, a node for OPC UA, none by hand', () => {
    expect(shownKeys({ deviceId: 'main-meter' }))
      .toEqual(['address.register', 'address.function', 'address.dataType', 'address.wordOrder', 'address.byteOrder']);
    expect(shownKeys({ deviceId: 'workshop-gateway' })).toEqual(['address.meterAddress', 'address.dataId']);
    expect(shownKeys({ deviceId: 'water-bus' }))
      .toEqual(['address.meterType', 'address.meterAddress', 'address.dataId', 'address.dataType', 'address.wordOrder']);
    expect(shownKeys({ deviceId: 'dcs' })).toEqual(['address.nodeId']);
    expect(shownKeys({ deviceId: '' })).toEqual([]);
  });

  it('checks each protocol\'s address as it is typed', () => {
    const base = { id: 'w2.energy', kind: 'CUMULATIVE', unit: 'kWh' };
    expect(problems(points, { ...base, deviceId: 'workshop-gateway', 'address.meterAddress': '42', 'address.dataId': '0001000' }))
      .toEqual({ 'address.meterAddress': '12 digits, e.g. 000000000042', 'address.dataId': '8 hex digits (2007) or 4 (1997), e.g. 00010000' });
    expect(problems(points, { ...base, deviceId: 'water-bus', 'address.meterType': '10', 'address.meterAddress': '000000000042', 'address.dataId': '901F' }))
      .toEqual({ 'address.meterAddress': '14 digits, e.g. 00000000000042' });
    expect(problems(points, { ...base, deviceId: 'main-meter', 'address.register': '70000', 'address.function': 'HOLDING', 'address.dataType': 'UINT32', 'address.wordOrder': 'BIG' }))
      .toEqual({ 'address.register': 'a whole number from 0 to 65535' });
    expect(problems(points, { ...base, id: 'bad id', slot: '15m' }))
      .toEqual({ id: 'letters, digits and . _ : -, starting with a letter or digit, up to 100', slot: 'an ISO 8601 duration, e.g. PT15M' });
  });
});

describe('what a form sends', () => {
  it('sends the shown protocol\'s fields nested in the address, with numbers as numbers', () => {
    const values = { id: 'w2.energy', deviceId: 'main-meter', kind: 'CUMULATIVE', unit: 'kWh', scale: '0.01',
      'address.register': '40', 'address.function': 'INPUT', 'address.dataType': 'UINT32', 'address.wordOrder': 'BIG' };
    const body = entityBody(points, values);
    expect(body).toMatchObject({ id: 'w2.energy', deviceId: 'main-meter', scale: 0.01, slot: null,
      address: { register: 40, function: 'INPUT', dataType: 'UINT32', wordOrder: 'BIG', byteOrder: null, meterAddress: null } });
  });

  it('drops another protocol\'s value of a shared field, and the whole address when the point leaves its device', () => {
    // a Modbus data type left in the form is no CJ/T 188 field
    const cjt = entityBody(points, { id: 'w', deviceId: 'water-bus', unit: 'm3', 'address.dataType': 'UINT32',
      'address.meterType': '10', 'address.meterAddress': '00000000000042', 'address.dataId': '901F' });
    expect(cjt.address).toMatchObject({ dataType: null, meterType: '10', dataId: '901F', register: null });
    const manual = entityBody(points, { id: 'w', deviceId: '', unit: 'kWh', 'address.register': '40' },
      { id: 'w', deviceId: 'main-meter', unit: 'kWh', address: { register: 40 } });
    expect(manual.address).toBeNull();
  });

  it('keeps the fields of an existing record that the form does not show', () => {
    const steam = { flowPoint: 'f', pressurePoint: 'p', temperaturePoint: 't' };
    const body = entityBody(points, { id: 's', deviceId: '', kind: 'INSTANTANEOUS', unit: 'GJ/h', name: '1#锅炉供汽热量' },
      { id: 's', name: 'old', kind: 'INSTANTANEOUS', unit: 'GJ/h', steam, address: null });
    expect(body).toMatchObject({ name: '1#锅炉供汽热量', steam, address: null });
  });

  it('sends a device\'s settings for its protocol only', () => {
    const fields = deviceFields('en', [{ value: 'c1', label: 'c1' }]);
    const values = { id: 'gw', collectorId: 'c1', protocol: 'DLT645_TCP', host: '10.0.0.7', port: '10001', unitId: '3', endpoint: 'opc.tcp://x' };
    expect(entityBody(fields, values)).toMatchObject({ protocol: 'DLT645_TCP', host: '10.0.0.7', port: 10001, unitId: null, endpoint: null });
    expect(problems(fields, { ...values, port: '' })).toEqual({ port: 'required' });
    expect(problems(fields, { ...values, protocol: 'OPC_UA', endpoint: 'http://x' })).toEqual({ endpoint: 'e.g. opc.tcp://10.0.0.5:4840/plant' });
  });

  it('offers an equipment the units of its process only, and forgets a unit when the process changes', () => {
    const fields = equipmentFields([{ value: '01', label: '01' }, { value: '02', label: '02' }],
      [{ processCode: '01', code: '01', name: '1#烧结机' }, { processCode: '02', code: '01', name: '1#高炉' }, { processCode: '02', code: '02', name: '2#高炉' }]);
    const unit = fields.find((f) => f.key === 'processUnitCode')!;
    expect((unit.options as (v: FormValues) => { value: string }[])({ processCode: '02' }).map((o) => o.value)).toEqual(['01', '02']);
    expect(entityBody(fields, { code: '01001', name: '鼓风机', processCode: '01', processUnitCode: '02' }))
      .toMatchObject({ processCode: '01', processUnitCode: null, keyEquipment: false });
    expect(entityBody(fields, { code: '01001', name: '鼓风机', processCode: '02', processUnitCode: '02' }))
      .toMatchObject({ processCode: '02', processUnitCode: '02' });
  });
});

describe('the platforms\' code lists in the data code builder', () => {
  it('offers each code of every platform once, by code, and nothing before a download', () => {
    const jiangxi = { platformId: 'jiangxi', dicVersion: 'D2', lists: { useCodes: [{ code: '12', name: '购入量' }, { code: '11', name: '消费量' }] } };
    const national = { platformId: 'national', dicVersion: 'N1', lists: { useCodes: [{ code: '11', name: '消费' }, { code: '31', name: '库存' }] } };
    expect(platformList([jiangxi, national], 'useCodes')).toEqual([
      { code: '11', name: '消费量' }, { code: '12', name: '购入量' }, { code: '31', name: '库存' }]);
    expect(platformList([jiangxi], 'products')).toEqual([]);
    expect(platformList(undefined, 'useCodes')).toEqual([]);
  });
});
