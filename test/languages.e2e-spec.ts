import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, type GqlClient, loginAs } from './support/client.js';

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

  it('renders one frozen report in the six languages, each in its script, with one hash', async () => {
    const coordinator = await loginAs(admin, ['COORDINATOR']);
    const year = new Date().getUTCFullYear();
    const { generateCtcReport } = await coordinator.client.ok<{
      generateCtcReport: { id: string; sha256: string };
    }>(`mutation($input: GenerateCtcReportInput!) { generateCtcReport(input: $input) { id sha256 } }`, {
      input: {
        title: 'Implementation of resolution 2341',
        period: { from: `${year}-01-01`, to: `${year}-12-31` },
      },
    });
    const scripts: Record<string, RegExp> = {
      AR: /\p{Script=Arabic}/u,
      ZH: /\p{Script=Han}/u,
      RU: /\p{Script=Cyrillic}/u,
      EN: /\p{Script=Latin}/u,
      FR: /\p{Script=Latin}/u,
      ES: /\p{Script=Latin}/u,
    };
    const renderings = new Set<string>();
    for (const [locale, script] of Object.entries(scripts)) {
      const { ctcReport } = await coordinator.client.ok<{ ctcReport: { sha256: string; markdown: string } }>(
        `query($id: ID!, $locale: UnLanguage) { ctcReport(id: $id) { sha256 markdown(locale: $locale) } }`,
        { id: generateCtcReport.id, locale },
      );
      expect(ctcReport.sha256).toBe(generateCtcReport.sha256);
      expect(ctcReport.markdown).toContain(generateCtcReport.sha256);
      // Every heading in the language's own script; no catalogue key shows through.
      const headings = ctcReport.markdown.split('\n').filter((line) => line.startsWith('## '));
      expect(headings).toHaveLength(8);
      for (const heading of headings)
        expect([locale, heading, script.test(heading)]).toEqual([locale, heading, true]);
      expect(ctcReport.markdown).not.toMatch(/Report\.\w+/);
      if (locale !== 'EN') expect(ctcReport.markdown).not.toContain('Headline figures');
      if (locale === 'FR') expect(ctcReport.markdown).toContain('## Chiffres clés');
      renderings.add(ctcReport.markdown);
    }
    expect(renderings.size).toBe(6);
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
