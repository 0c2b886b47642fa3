import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';

const STANDARD = path.resolve(new URL('../../standards/iati-2.03', import.meta.url).pathname);
const read = (file: string) => readFileSync(path.join(STANDARD, file), 'utf8');

/** The codes of one of IATI's codelists in standards/iati-2.03/codelists. */
export function codelist(name: string): Set<string> {
  return new Set(
    [...read(`codelists/${name}.xml`).matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1] ?? ''),
  );
}

/** What is wrong with an IATI document: the XSD's errors, then the rules beyond it (README of the standard). */
export async function iatiProblems(xml: string): Promise<string[]> {
  const schema = await validateXML({
    xml: [{ fileName: 'export.xml', contents: xml }],
    schema: [{ fileName: 'iati-activities-schema.xsd', contents: read('iati-activities-schema.xsd') }],
    preload: ['iati-common.xsd', 'xml.xsd'].map((fileName) => ({ fileName, contents: read(fileName) })),
  });
  const problems = schema.errors.map((error) => `xsd: ${error.message}`);
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name, _path, _leaf, isAttribute) =>
      !isAttribute &&
      !['iati-activities', 'iati-identifier', 'reporting-org', 'title', 'activity-status'].includes(name),
  }).parse(xml) as { 'iati-activities'?: { 'iati-activity'?: Activity[] } };
  const codes = {
    sector: codelist('Sector'),
    country: codelist('Country'),
    organisationType: codelist('OrganisationType'),
    organisationRole: codelist('OrganisationRole'),
    activityStatus: codelist('ActivityStatus'),
    activityDateType: codelist('ActivityDateType'),
    currency: codelist('Currency'),
  };
  for (const activity of parsed['iati-activities']?.['iati-activity'] ?? []) {
    const id = String(activity['iati-identifier'] ?? '?');
    const problem = (text: string) => problems.push(`${id}: ${text}`);
    if (!activity['reporting-org']) problem('no reporting-org');
    if (!activity.title) problem('no title');
    if (!activity.description?.length) problem('no description');
    if (!activity['participating-org']?.length) problem('no participating-org');
    if (!codes.activityStatus.has(String(activity['activity-status']?.code)))
      problem('activity-status not in codelist');
    const dates = activity['activity-date'] ?? [];
    if (!dates.some((d) => d.type === '1' || d.type === '2')) problem('no start date');
    for (const date of dates)
      if (!codes.activityDateType.has(String(date.type))) problem(`date type ${date.type}`);
    if (!codes.organisationType.has(String(activity['reporting-org']?.type))) problem('reporting-org type');
    for (const org of activity['participating-org'] ?? []) {
      if (!codes.organisationRole.has(String(org.role))) problem(`participating-org role ${org.role}`);
      if (org.type && !codes.organisationType.has(String(org.type)))
        problem(`participating-org type ${org.type}`);
    }
    const countries = activity['recipient-country'] ?? [];
    if (countries.length === 0 && !activity['recipient-region']) problem('no recipient country or region');
    for (const country of countries)
      if (!codes.country.has(String(country.code))) problem(`country ${country.code}`);
    if (countries.length && Math.abs(sum(countries) - 100) > 0.001)
      problem('recipient percentages do not sum to 100');
    const byVocabulary = new Map<string, Share[]>();
    for (const sector of activity.sector ?? []) {
      const vocabulary = String(sector.vocabulary ?? '1');
      byVocabulary.set(vocabulary, [...(byVocabulary.get(vocabulary) ?? []), sector]);
      if (vocabulary === '1' && !codes.sector.has(String(sector.code))) problem(`DAC sector ${sector.code}`);
    }
    if (!byVocabulary.has('1')) problem('no DAC sector');
    for (const [vocabulary, shares] of byVocabulary)
      if (Math.abs(sum(shares) - 100) > 0.001)
        problem(`sector percentages of vocabulary ${vocabulary} sum to ${sum(shares)}`);
    for (const budget of activity.budget ?? []) {
      const currency = budget.value?.currency ?? activity['default-currency'];
      if (!codes.currency.has(String(currency))) problem(`budget currency ${currency}`);
    }
  }
  return problems;
}

interface Share {
  code?: string;
  vocabulary?: string;
  percentage?: string;
}
interface Activity {
  'iati-identifier'?: string;
  'default-currency'?: string;
  'reporting-org'?: { type?: string };
  title?: unknown;
  description?: unknown[];
  'participating-org'?: { role?: string; type?: string }[];
  'activity-status'?: { code?: string };
  'activity-date'?: { type?: string }[];
  'recipient-country'?: Share[];
  'recipient-region'?: unknown[];
  sector?: Share[];
  budget?: { value?: { currency?: string } }[];
}

function sum(shares: readonly Share[]): number {
  return shares.reduce((total, share) => total + Number(share.percentage ?? 0), 0);
}
