import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, type GqlClient } from './support/client.js';

const SECTORS = `query($locale: UnLanguage) { vocabulary(name: INFRASTRUCTURE_SECTOR, locale: $locale) { code label } }`;
const KENYA = `query($locale: UnLanguage) { memberStates(region: "Africa") { code alpha2 name localizedName(locale: $locale) } }`;
const UPDATE_ME = `mutation($l: UnLanguage!) { updateMe(input: { preferredLanguage: $l }) { preferredLanguage } }`;

describe('labels in the six UN languages (e2e)', () => {
  let t: TestApp;
  let admin: GqlClient;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t.url);
  });
  afterAll(() => t.close());

  const energy = (terms: { code: string; label: string }[]) =>
    terms.find((term) => term.code === 'ENERGY')?.label;

  it('takes the locale from the argument, else the preferred language, else Accept-Language, else English', async () => {
    const ask = async (locale: string | null, acceptLanguage?: string) => {
      const response = await admin.request<{ vocabulary: { code: string; label: string }[] }>(
        SECTORS,
        { locale },
        acceptLanguage ? { 'accept-language': acceptLanguage } : {},
      );
      return energy(response.data?.vocabulary ?? []);
    };
    expect(await ask('FR')).toBe('Énergie');
    expect(await ask(null)).toBe('Energy');
    expect(await ask(null, 'es-MX,es;q=0.9')).toBe('Energía');
    await admin.ok(UPDATE_ME, { l: 'ZH' });
    expect(await ask(null, 'es-MX,es;q=0.9')).toBe('能源');
    expect(await ask('RU', 'es')).toBe('Энергетика');
    await admin.ok(UPDATE_ME, { l: 'EN' });
  });

  it('names the States in the language asked for, with their ISO alpha-2 codes', async () => {
    const { memberStates } = await admin.ok<{
      memberStates: { code: string; alpha2: string; name: string; localizedName: string }[];
    }>(KENYA, { locale: 'AR' });
    expect(memberStates.find((state) => state.code === 'KEN')).toEqual({
      code: 'KEN',
      alpha2: 'KE',
      name: 'Kenya',
      localizedName: 'كينيا',
    });
  });

  it('labels every vocabulary in every language', async () => {
    const names = [
      'INFRASTRUCTURE_SECTOR',
      'ASSISTANCE_TYPE',
      'PROTECTION_STREAM',
      'PREPAREDNESS_PHASE',
      'MANDATE_PARAGRAPH',
      'CONFIDENTIALITY',
      'PRIORITY',
      'DELIVERY_MODE',
      'REQUEST_STATUS',
      'REQUEST_ACTION',
      'OFFER_STATUS',
      'OFFER_ACTION',
      'MATCH_STATUS',
      'MATCH_ACTION',
      'DECISION',
      'REGION',
      'SUB_REGION',
    ];
    for (const name of names) {
      const { vocabulary } = await admin.ok<{ vocabulary: { code: string; label: string }[] }>(
        `{ vocabulary(name: ${name}, locale: ZH) { code label } }`,
      );
      expect(vocabulary.length).toBeGreaterThan(1);
      expect(vocabulary.every((term) => /\p{Script=Han}/u.test(term.label))).toBe(true);
    }
  });
});
