import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  AssistanceType,
  Confidentiality,
  InfrastructureSector,
  OrganizationKind,
  PublicationConsent,
} from '../src/common/enums.js';
import {
  activity,
  type ActivityRow,
  PUBLISHED_STATUSES,
  type Provider,
} from '../src/reporting/iati/iati-export.js';
import { iatiProblems } from './support/iati.js';

const states = (
  JSON.parse(readFileSync(new URL('../seeds/member-states.json', import.meta.url), 'utf8')) as {
    alpha2: string;
  }[]
).map((state) => state.alpha2);

const day = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
const isoDay = day.map((date) => date.toISOString().slice(0, 10));
/** Text as users write it: any script, emoji, markup, and the odd control character. */
const text = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
  .chain((base) => fc.constantFrom(base, `${base} <b>&"'</b>`, `${base}\u0007${base}`, `كينيا ${base}`));
const language = fc.constantFrom('en', 'fr', 'ar', 'zh', 'ru', 'es', null);
const money = fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99 }));

const row: fc.Arbitrary<ActivityRow> = fc.record({
  reference: fc.stringMatching(/^MAT-20\d\d-[0-9A-HJKMNP-TV-Z]{6}$/),
  status: fc.constantFrom(...PUBLISHED_STATUSES),
  agreed_at: day,
  delivery_started_at: fc.option(day, { nil: null }),
  delivered_at: fc.option(day, { nil: null }),
  evaluated_at: fc.option(day, { nil: null }),
  updated_at: day,
  publication_consent: fc.constantFrom(...Object.values(PublicationConsent)),
  request_title: text,
  request_description: text,
  request_confidentiality: fc.constantFrom(...Object.values(Confidentiality)),
  request_sectors: fc.subarray(Object.values(InfrastructureSector)),
  request_types: fc.subarray(Object.values(AssistanceType)),
  request_language: language,
  desired_start: fc.option(isoDay, { nil: null }),
  desired_end: fc.option(isoDay, { nil: null }),
  request_amount: fc.option(
    money.map(([units, cents]) => `${units}.${String(cents).padStart(2, '0')}`),
    { nil: null },
  ),
  request_currency: fc.constantFrom('USD', 'EUR', 'NOK', 'JPY', 'XOF'),
  offer_title: text,
  offer_description: text,
  offer_confidentiality: fc.constantFrom(...Object.values(Confidentiality)),
  offer_sectors: fc.subarray(Object.values(InfrastructureSector)),
  offer_types: fc.subarray(Object.values(AssistanceType)),
  offer_language: language,
  available_from: fc.option(isoDay, { nil: null }),
  available_until: fc.option(isoDay, { nil: null }),
  offer_amount: fc.option(
    money.map(([units]) => `${units}`),
    { nil: null },
  ),
  offer_currency: fc.constantFrom('USD', 'EUR', 'GBP'),
  requester_name: text,
  requester_kind: fc.constant(OrganizationKind.MEMBER_STATE),
  requester_iati: fc.option(fc.constantFrom('KE-GOV-1', 'XM-DAC-7'), { nil: null }),
  requester_country: fc.constantFrom(...states),
});

const provider: fc.Arbitrary<Provider> = fc.record({
  id: fc.uuid(),
  name: text,
  kind: fc.constantFrom(...Object.values(OrganizationKind)),
  iati_identifier: fc.constantFrom('NO-BRC-971277882', 'XM-DAC-7', 'GB-GOV-1'),
});

describe('IATI export over random marketplaces', () => {
  it('is always valid: the XSD and the rules beyond it', async () => {
    await fc.assert(
      fc.asyncProperty(provider, fc.array(row, { minLength: 1, maxLength: 8 }), async (reporting, rows) => {
        const identifier = reporting.iati_identifier ?? '';
        const xml = [
          '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="2026-12-07T00:00:00Z">',
          ...rows.map((one) => activity(reporting, identifier, one)),
          '</iati-activities>',
        ].join('\n');
        expect(await iatiProblems(xml)).toEqual([]);
        // Only what the requesting State let through is published as written.
        for (const one of rows) {
          const withheld = (level: Confidentiality) =>
            level !== Confidentiality.PUBLIC && one.publication_consent !== PublicationConsent.WITH_TEXT;
          if (withheld(one.request_confidentiality) && one.request_title.length > 8)
            expect(xml).not.toContain(`>${one.request_title}.`);
          if (one.offer_confidentiality !== Confidentiality.PUBLIC && one.offer_title.length > 8)
            expect(xml).not.toContain(`>${one.offer_title}<`);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
