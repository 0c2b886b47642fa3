import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UnLanguage } from '../common/enums.js';
import { allCatalogues, languageOfHeader, translate } from '../common/i18n.js';
import { projectRoot } from '../common/project-root.js';
import { M49_REGIONS } from './reference.service.js';
import { ENUM_VOCABULARIES, Vocabulary } from './vocabulary.js';

const SCRIPT: Readonly<Record<UnLanguage, RegExp>> = {
  [UnLanguage.AR]: /\p{Script=Arabic}/u,
  [UnLanguage.ZH]: /\p{Script=Han}/u,
  [UnLanguage.RU]: /\p{Script=Cyrillic}/u,
  [UnLanguage.EN]: /\p{Script=Latin}/u,
  [UnLanguage.FR]: /\p{Script=Latin}/u,
  [UnLanguage.ES]: /\p{Script=Latin}/u,
};

describe('the six catalogues', () => {
  const catalogues = allCatalogues();
  const english = catalogues.get(UnLanguage.EN) ?? {};
  const states = JSON.parse(readFileSync(path.join(projectRoot(), 'seeds/member-states.json'), 'utf8')) as {
    subRegion: string | null;
    names: Record<string, string>;
  }[];

  it('have the same keys, every one labelled in its own script', () => {
    for (const language of Object.values(UnLanguage)) {
      const catalogue = catalogues.get(language) ?? {};
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
      for (const [key, label] of Object.entries(catalogue)) {
        expect(`${key}: ${label.trim()}`).not.toBe(`${key}: `);
        expect([key, SCRIPT[language].test(label)]).toEqual([key, true]);
      }
    }
  });

  it('label every term of every vocabulary the API returns', () => {
    const terms = [
      ...Object.entries(ENUM_VOCABULARIES).flatMap(([name, values]) =>
        Object.values(values).map((value) => `${name}.${String(value)}`),
      ),
      ...M49_REGIONS.map((region) => `${Vocabulary.REGION}.${region}`),
      ...new Set(states.flatMap((s) => (s.subRegion ? [`${Vocabulary.SUB_REGION}.${s.subRegion}`] : []))),
    ];
    expect(terms.filter((key) => !(key in english))).toEqual([]);
    // Besides the vocabularies, the catalogues hold the phrases of the CTC report and of the e-mails.
    expect(
      Object.keys(english).filter((key) => !terms.includes(key) && !/^(Report|Mail)\./.test(key)),
    ).toEqual([]);
  });

  it('name every State in the six languages', () => {
    for (const state of states)
      for (const language of Object.values(UnLanguage))
        expect(SCRIPT[language].test(state.names[language.toLowerCase()] ?? '')).toBe(true);
  });

  it('translate, and say a key no catalogue has rather than hide it', () => {
    expect(translate('InfrastructureSector.ENERGY', UnLanguage.FR)).toBe('Énergie');
    expect(translate('InfrastructureSector.ENERGY', UnLanguage.AR)).toBe('الطاقة');
    expect(translate('No.SUCH_KEY', UnLanguage.ZH)).toBe('No.SUCH_KEY');
  });

  it('read the language of an Accept-Language header', () => {
    expect(languageOfHeader('fr-CA,fr;q=0.9,en;q=0.8')).toBe(UnLanguage.FR);
    expect(languageOfHeader('de-DE, zh-Hans;q=0.5, ar;q=0.7')).toBe(UnLanguage.AR);
    expect(languageOfHeader('de, it;q=0.5')).toBeUndefined();
    expect(languageOfHeader('ru;q=0, es')).toBe(UnLanguage.ES);
    expect(languageOfHeader(undefined)).toBeUndefined();
  });
});
