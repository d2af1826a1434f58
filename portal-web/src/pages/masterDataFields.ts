import type { Lang } from '../i18n';
import type { FieldSpec, FormValues, Option } from './MasterDataForms';

/**
 * The fields of the master-data forms, kind by kind, with the checks the portal makes again on save (ConfigValidator):
 * checked here as the user types so that the message is at the field before anything is sent.
 */

const plain = (...values: string[]): Option[] => values.map((v) => ({ value: v, label: v }));

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const DURATION = /^PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?$/;
const identifier = { pattern: IDENTIFIER, hintZh: '字母、数字及 . _ : -，以字母或数字开头，最多 100 个字符', hintEn: 'letters, digits and . _ : -, starting with a letter or digit, up to 100' };
const duration = (example: string) => ({ pattern: DURATION, hintZh: `ISO 8601 时长，例如 ${example}`, hintEn: `an ISO 8601 duration, e.g. ${example}` });
const digits = (n: number, example: string) => ({ pattern: new RegExp(`^\\d{${n}}$`), hintZh: `应为 ${n} 位数字，例如 ${example}`, hintEn: `${n} digits, e.g. ${example}` });
const whole = (from: number, to: number) => ({
  type: 'number' as const, pattern: /^\d+$/, min: from, max: to, hintZh: `应为 ${from} 至 ${to} 的整数`, hintEn: `a whole number from ${from} to ${to}`,
});

export const processFields: FieldSpec[] = [
  { key: 'code', required: true, identifying: true, ...digits(2, '01') },
  { key: 'name', required: true },
];

export function processUnitFields(processes: Option[]): FieldSpec[] {
  return [
    { key: 'processCode', type: 'select', required: true, identifying: true, options: processes },
    { key: 'code', required: true, identifying: true, ...digits(2, '01') },
    { key: 'name', required: true },
  ];
}

export function equipmentFields(processes: Option[], units: { processCode: string; code: string; name: string }[]): FieldSpec[] {
  return [
    { key: 'code', required: true, identifying: true, ...digits(5, '01001') },
    { key: 'name', required: true },
    { key: 'processCode', type: 'select', options: processes },
    { key: 'processUnitCode', type: 'select', visible: (v) => !!v.processCode,
      options: (v) => units.filter((u) => u.processCode === v.processCode).map((u) => ({ value: u.code, label: `${u.code} ${u.name}` })) },
    { key: 'keyEquipment', type: 'checkbox' },
    { key: 'ratedPowerKw', type: 'number' },
  ];
}

export function meterFields(energies: Option[], meters: Option[], equipment: Option[]): FieldSpec[] {
  return [
    { key: 'code', required: true, identifying: true, ...digits(12, '170100001077'), hintZh: '应为 12 位数字（计量器具编码）', hintEn: '12 digits (meter code)' },
    { key: 'name', required: true }, { key: 'serialNumber' }, { key: 'model' }, { key: 'accuracyClass' },
    { key: 'verifiedOn', type: 'date' },
    { key: 'verificationIntervalMonths', ...whole(1, 120), pattern: /^\d{1,3}$/, hintZh: '月数，例如 12', hintEn: 'months, e.g. 12' },
    { key: 'equipmentCode', type: 'select', options: equipment },
    { key: 'energyCode', type: 'select', options: energies },
    { key: 'parentMeterCode', type: 'select', options: meters },
  ];
}

export const collectorFields: FieldSpec[] = [
  { key: 'id', required: true, identifying: true, ...identifier, placeholder: 'plant-collector-1' },
  { key: 'name', required: true },
];

/** How a device is read, as the collector knows it (domain Protocol). */
export const PROTOCOLS: Record<string, { zh: string; en: string }> = {
  MODBUS_TCP: { zh: 'Modbus TCP', en: 'Modbus TCP' },
  MODBUS_RTU_OVER_TCP: { zh: 'Modbus RTU（串口服务器透传）', en: 'Modbus RTU over a serial-to-TCP gateway' },
  MODBUS_RTU: { zh: 'Modbus RTU（本机串口）', en: 'Modbus RTU on a local serial port' },
  DLT645_TCP: { zh: 'DL/T 645（串口服务器透传）', en: 'DL/T 645 over a serial-to-TCP gateway' },
  DLT645_SERIAL: { zh: 'DL/T 645（本机串口）', en: 'DL/T 645 on a local serial port' },
  CJT188_TCP: { zh: 'CJ/T 188（串口服务器透传）', en: 'CJ/T 188 over a serial-to-TCP gateway' },
  CJT188_SERIAL: { zh: 'CJ/T 188（本机串口）', en: 'CJ/T 188 on a local serial port' },
  OPC_UA: { zh: 'OPC UA', en: 'OPC UA' },
  SQL: { zh: '数据库查询（SQL）', en: 'Database query (SQL)' },
};

const isModbus = (p?: string) => !!p && p.startsWith('MODBUS');
const isDlt645 = (p?: string) => !!p && p.startsWith('DLT645');
const isCjt188 = (p?: string) => !!p && p.startsWith('CJT188');
const overTcp = (p?: string) => p === 'MODBUS_TCP' || p === 'MODBUS_RTU_OVER_TCP' || p === 'DLT645_TCP' || p === 'CJT188_TCP';
const serial = (p?: string) => p === 'MODBUS_RTU' || p === 'DLT645_SERIAL' || p === 'CJT188_SERIAL';

export function deviceFields(lang: Lang, collectors: Option[]): FieldSpec[] {
  const protocol = (v: FormValues) => v.protocol as string | undefined;
  const when = (test: (p?: string) => boolean) => (v: FormValues) => test(protocol(v));
  return [
    { key: 'id', required: true, identifying: true, ...identifier },
    { key: 'collectorId', type: 'select', required: true, options: collectors },
    { key: 'protocol', type: 'select', required: true,
      options: Object.entries(PROTOCOLS).map(([value, n]) => ({ value, label: lang === 'zh' ? n.zh : n.en })) },
    { key: 'host', required: true, visible: when(overTcp), placeholder: '192.168.1.20' },
    { key: 'port', required: true, visible: when(overTcp), ...whole(1, 65535), pattern: /^\d{1,5}$/ },
    { key: 'unitId', visible: when(isModbus), ...whole(0, 255), pattern: /^\d{1,3}$/, placeholder: '1' },
    { key: 'serialPort', required: true, visible: when(serial), placeholder: '/dev/ttyUSB0' },
    { key: 'serialFormat', visible: when(serial), pattern: /^(1200|2400|4800|9600|19200|38400|57600|115200)-[78][NEO][12]$/,
      hintZh: '波特率-数据位 校验位 停止位，例如 9600-8N1', hintEn: 'baud-data bits parity stop bits, e.g. 9600-8N1',
      placeholder: '9600-8N1 / 2400-8E1' },
    { key: 'endpoint', required: true, visible: (v) => protocol(v) === 'OPC_UA', pattern: /^opc\.tcp:\/\/\S+$/,
      hintZh: '例如 opc.tcp://10.0.0.5:4840/plant', hintEn: 'e.g. opc.tcp://10.0.0.5:4840/plant', placeholder: 'opc.tcp://10.0.0.5:4840/plant' },
    { key: 'endpoint', required: true, visible: (v) => protocol(v) === 'SQL', pattern: /^jdbc:[a-z0-9]+:\S+$/,
      hintZh: '例如 jdbc:postgresql://mes-db:5432/mes', hintEn: 'e.g. jdbc:postgresql://mes-db:5432/mes', placeholder: 'jdbc:postgresql://mes-db:5432/mes' },
    { key: 'username', visible: (v) => protocol(v) === 'OPC_UA' || protocol(v) === 'SQL' },
    { key: 'credentialRef', visible: (v) => protocol(v) === 'OPC_UA' || protocol(v) === 'SQL' },
    { key: 'securityPolicy', type: 'select', visible: (v) => protocol(v) === 'OPC_UA', options: plain('None', 'Basic256Sha256'), placeholder: 'None' },
    { key: 'securityMode', type: 'select', visible: (v) => protocol(v) === 'OPC_UA', options: plain('None', 'Sign', 'SignAndEncrypt') },
    { key: 'acquisition', type: 'select', visible: (v) => protocol(v) === 'OPC_UA', options: plain('POLL', 'SUBSCRIBE'), placeholder: 'POLL' },
    { key: 'maxSpan', visible: when(isModbus), ...whole(1, 125), pattern: /^\d{1,3}$/, placeholder: '125' },
    { key: 'maxGap', visible: when(isModbus), ...whole(0, 124), pattern: /^\d{1,3}$/, placeholder: '0' },
    { key: 'pacing', visible: (v) => !!protocol(v), ...duration('PT0.02S'), placeholder: 'PT0S / PT0.02S' },
    { key: 'timeout', visible: (v) => !!protocol(v), ...duration('PT2S'), placeholder: 'PT2S' },
  ];
}

/** The fields of a point; its address fields follow the protocol of the device picked. */
export function pointFields(devices: { id: string; protocol: string }[], meters: Option[], sources: Option[]): FieldSpec[] {
  const protocolOf = (v: FormValues) => devices.find((d) => d.id === v.deviceId)?.protocol;
  const when = (test: (p?: string) => boolean) => (v: FormValues) => test(protocolOf(v));
  return [
    { key: 'id', required: true, identifying: true, ...identifier, placeholder: 'main-meter.active-energy' },
    { key: 'name' },
    { key: 'deviceId', type: 'select', options: devices.map((d) => ({ value: d.id, label: `${d.id} (${d.protocol})` })) },
    { key: 'meterCode', type: 'select', options: meters },
    { key: 'kind', type: 'select', required: true, initial: 'CUMULATIVE', options: plain('CUMULATIVE', 'INSTANTANEOUS') },
    { key: 'unit', required: true, placeholder: 'kWh' },
    { key: 'scale', type: 'number', placeholder: '1' },
    { key: 'offset', type: 'number', placeholder: '0' },
    { key: 'slot', ...duration('PT15M'), placeholder: 'PT15M' },
    { key: 'rolloverMax', type: 'number', visible: (v) => v.kind !== 'INSTANTANEOUS' },
    { key: 'source', type: 'select', options: sources, placeholder: '4' },
    { key: 'address.register', required: true, visible: when(isModbus), ...whole(0, 65535), pattern: /^\d{1,5}$/ },
    { key: 'address.function', type: 'select', required: true, initial: 'HOLDING', visible: when(isModbus), options: plain('HOLDING', 'INPUT') },
    { key: 'address.dataType', type: 'select', required: true, initial: 'UINT32', visible: when(isModbus),
      options: plain('UINT16', 'INT16', 'UINT32', 'INT32', 'UINT64', 'INT64', 'FLOAT32', 'FLOAT64') },
    { key: 'address.wordOrder', type: 'select', required: true, initial: 'BIG', visible: when(isModbus), options: plain('BIG', 'LITTLE') },
    { key: 'address.byteOrder', type: 'select', visible: when(isModbus), options: plain('BIG', 'LITTLE'), placeholder: 'BIG' },
    { key: 'address.meterType', type: 'select', required: true, visible: when(isCjt188),
      options: [['10', '冷水水表 cold water'], ['11', '生活热水水表 hot water'], ['12', '直饮水水表 drinking water'],
        ['13', '中水水表 reclaimed water'], ['20', '热量表（计热量） heat'], ['21', '热量表（计冷量） cooling'],
        ['30', '燃气表 gas'], ['40', '电度表 electricity']].map(([value, label]) => ({ value, label: `${value} ${label}` })) },
    { key: 'address.meterAddress', required: true, visible: when(isDlt645), ...digits(12, '000000000042') },
    { key: 'address.meterAddress', required: true, visible: when(isCjt188), ...digits(14, '00000000000042') },
    { key: 'address.dataId', required: true, visible: when(isDlt645), pattern: /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{4})$/,
      hintZh: '8 位十六进制（2007 版）或 4 位（1997 版），例如 00010000', hintEn: '8 hex digits (2007) or 4 (1997), e.g. 00010000', placeholder: '00010000' },
    { key: 'address.dataId', required: true, visible: when(isCjt188), pattern: /^[0-9A-Fa-f]{4}$/,
      hintZh: '4 位十六进制，例如 901F', hintEn: '4 hex digits, e.g. 901F', placeholder: '901F' },
    { key: 'address.dataType', type: 'select', visible: when(isCjt188), options: plain('CURRENT_FLOW', 'CURRENT_HEAT', 'HEAT_POWER') },
    { key: 'address.wordOrder', type: 'select', visible: when(isCjt188), options: plain('LITTLE', 'BIG'), placeholder: 'LITTLE' },
    { key: 'address.nodeId', required: true, visible: (v) => protocolOf(v) === 'OPC_UA', pattern: /^(ns=\d+;)?[isgb]=.+$/,
      hintZh: '例如 ns=2;s=Boiler1.SteamFlow', hintEn: 'e.g. ns=2;s=Boiler1.SteamFlow', placeholder: 'ns=2;s=Boiler1.SteamFlow' },
    { key: 'address.query', type: 'textarea', required: true, visible: (v) => protocolOf(v) === 'SQL', pattern: /^\s*(select|with)\b/i,
      hintZh: '只能是 SELECT 查询', hintEn: 'a SELECT query only', placeholder: 'select sum(qty) from output where t >= :slot_start and t < :slot_end' },
    { key: 'address.watermarkColumn', visible: (v) => protocolOf(v) === 'SQL' },
  ];
}
