// Regenerates seeds/member-states.json: the 193 UN Member States and the two observer States.
// Names (in the six UN languages) and ISO 3166-1 alpha-3 and alpha-2 codes come from the
// `world-countries` package (mledoze/countries, ODbL);
// regions and sub-regions are corrected to the UN M49 standard (https://unstats.un.org/unsd/methodology/m49/),
// using the intermediate region (e.g. "Eastern Africa", "Caribbean") where M49 defines one.
// Run: node seeds/build-member-states.mjs
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const countries = createRequire(import.meta.url)('world-countries');

const OBSERVERS = { VAT: 'Holy See', PSE: 'State of Palestine' };
// The UN languages, as the service names them, and as world-countries keys its translations.
const LANGUAGES = { ar: 'ara', zh: 'zho', fr: 'fra', ru: 'rus', es: 'spa' };
const OBSERVER_NAMES = {
  VAT: {
    ar: 'الكرسي الرسولي',
    zh: '教廷',
    en: 'Holy See',
    fr: 'Saint-Siège',
    ru: 'Святой Престол',
    es: 'Santa Sede',
  },
  PSE: {
    ar: 'دولة فلسطين',
    zh: '巴勒斯坦国',
    en: 'State of Palestine',
    fr: 'État de Palestine',
    ru: 'Государство Палестина',
    es: 'Estado de Palestina',
  },
};
// world-countries sub-regions that differ from M49.
const M49_FIXES = {
  ALB: ['Europe', 'Southern Europe'],
  BIH: ['Europe', 'Southern Europe'],
  HRV: ['Europe', 'Southern Europe'],
  MKD: ['Europe', 'Southern Europe'],
  MNE: ['Europe', 'Southern Europe'],
  SRB: ['Europe', 'Southern Europe'],
  SVN: ['Europe', 'Southern Europe'],
  BGR: ['Europe', 'Eastern Europe'],
  ROU: ['Europe', 'Eastern Europe'],
  CZE: ['Europe', 'Eastern Europe'],
  HUN: ['Europe', 'Eastern Europe'],
  POL: ['Europe', 'Eastern Europe'],
  SVK: ['Europe', 'Eastern Europe'],
  AUT: ['Europe', 'Western Europe'],
  CAN: ['Americas', 'Northern America'],
  USA: ['Americas', 'Northern America'],
  MEX: ['Americas', 'Central America'],
  CYP: ['Asia', 'Western Asia'],
  SSD: ['Africa', 'Eastern Africa'],
};
const RENAMED_SUBREGIONS = { 'South-Eastern Asia': 'South-eastern Asia' };

const states = countries
  .filter((c) => (c.unMember && c.cca3 !== 'VAT') || c.cca3 in OBSERVERS)
  .map((c) => {
    const [region, subRegion] = M49_FIXES[c.cca3] ?? [
      c.region,
      RENAMED_SUBREGIONS[c.subregion] ?? c.subregion,
    ];
    const observer = c.cca3 in OBSERVERS;
    const name = OBSERVERS[c.cca3] ?? c.name.common;
    const names = OBSERVER_NAMES[c.cca3] ?? {
      en: name,
      ...Object.fromEntries(
        Object.entries(LANGUAGES).map(([lang, key]) => [lang, c.translations[key]?.common]),
      ),
    };
    for (const [lang, value] of Object.entries(names))
      if (!value) throw new Error(`${c.cca3} has no name in ${lang}`);
    return { code: c.cca3, alpha2: c.cca2, name, names, region, subRegion, unMember: !observer };
  })
  .sort((a, b) => a.code.localeCompare(b.code));

const members = states.filter((s) => s.unMember).length;
if (members !== 193 || states.length !== 195)
  throw new Error(`expected 193 + 2 States, got ${members} + ${states.length - members}`);
const regions = new Set(states.map((s) => s.region));
if ([...regions].sort().join() !== 'Africa,Americas,Asia,Europe,Oceania')
  throw new Error(`unexpected regions ${[...regions]}`);

writeFileSync(new URL('./member-states.json', import.meta.url), JSON.stringify(states, null, 1) + '\n');
console.log(`wrote ${states.length} States (${members} Member States, ${states.length - members} observers)`);
