import { UnLanguage } from '../common/enums.js';
import { translate } from '../common/i18n.js';
import type { SummaryData } from './summary.js';

/** What the renderers need of a report besides its summary. */
export interface ReportHeader {
  reference: string;
  title: string;
  generatedAt: string;
  sha256: string;
}

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  // Quote when needed; a leading =, +, - or @ is neutralised so spreadsheets never run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The summary as CSV rows `section,key,value` (RFC 4180). */
export function renderCsv(summary: SummaryData): string {
  const rows: [string, string, string | number | null][] = [
    ['period', 'from', summary.period.from],
    ['period', 'to', summary.period.to],
    ['headline', 'requestsReceived', summary.requestsReceived],
    ['headline', 'offersPublished', summary.offersPublished],
    ['headline', 'matchesProposed', summary.matchesProposed],
    ['headline', 'matchesAgreed', summary.matchesAgreed],
    ['headline', 'matchesDelivered', summary.matchesDelivered],
    ['headline', 'matchRate', summary.matchRate],
    ['headline', 'medianDaysToMatch', summary.medianDaysToMatch],
    ...summary.requestsByStatus.map((c) => ['requestsByStatus', c.key, c.count] as [string, string, number]),
    ...summary.requestsBySector.map((c) => ['requestsBySector', c.key, c.count] as [string, string, number]),
    ...summary.requestsByRegion.map((c) => ['requestsByRegion', c.key, c.count] as [string, string, number]),
    ...summary.matchesByParagraph.map(
      (c) => ['matchesByParagraph', c.key, c.count] as [string, string, number],
    ),
    ...summary.unmetNeeds.map(
      (u) => ['unmetNeeds', `${u.sector}/${u.region}`, u.openRequests] as [string, string, number],
    ),
    ...summary.providerContributions.flatMap((p) => [
      ['providerAgreedMatches', p.organizationName, p.agreedMatches] as [string, string, number],
      ['providerDeliveredMatches', p.organizationName, p.deliveredMatches] as [string, string, number],
    ]),
    ...summary.goodPractices.map(
      (g) => ['goodPractices', `${g.matchReference}/${g.sector}`, g.practice] as [string, string, string],
    ),
  ];
  return ['section,key,value', ...rows.map((row) => row.map(csvCell).join(','))].join('\r\n') + '\r\n';
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>|#])/g, '\\$1').replace(/\r?\n/g, ' ');
}

function table(headers: string[], rows: (string | number)[][], none: string): string {
  if (rows.length === 0) return none;
  return (
    [
      `| ${headers.join(' | ')} |`,
      `| ${headers.map(() => '---').join(' | ')} |`,
      ...rows.map(
        (row) =>
          `| ${row.map((cell) => (typeof cell === 'number' ? String(cell) : escapeMarkdown(cell))).join(' | ')} |`,
      ),
    ].join('\n') + '\n'
  );
}

/**
 * A document the Committee could circulate, rendered from the frozen summary only, in one of the six
 * UN languages (the catalogues' `Report.*` phrases and vocabulary labels): one report has six
 * renderings and one hash, since the summary and its hash carry no language.
 */
export function renderMarkdown(
  summary: SummaryData,
  header: ReportHeader,
  language: UnLanguage = UnLanguage.EN,
): string {
  const t = (key: string, values: Record<string, string> = {}) =>
    translate(`Report.${key}`, language, values);
  // A value no catalogue knows (a region written before the vocabulary had it) is shown as it is.
  const term = (vocabulary: string, value: string) => {
    const label = translate(`${vocabulary}.${value}`, language);
    return label === `${vocabulary}.${value}` ? value : label;
  };
  const none = `_${t('none')}_\n`;
  const percent = `${(summary.matchRate * 100).toFixed(1)}%`;
  return [
    `# ${escapeMarkdown(header.title)}`,
    '',
    t('intro', { reference: `**${header.reference}**` }),
    '',
    t('period', { from: summary.period.from, to: summary.period.to, generatedAt: header.generatedAt }),
    '',
    `## ${t('headline')}`,
    '',
    table(
      [t('figure'), t('value')],
      [
        [t('requestsReceived'), summary.requestsReceived],
        [t('offersPublished'), summary.offersPublished],
        [t('matchesProposed'), summary.matchesProposed],
        [t('matchesAgreed'), summary.matchesAgreed],
        [t('matchesDelivered'), summary.matchesDelivered],
        [t('matchRate'), percent],
        [t('medianDays'), summary.medianDaysToMatch ?? t('notAvailable')],
      ],
      none,
    ),
    `## ${t('byStatus')}`,
    '',
    table(
      [t('status'), t('requests')],
      summary.requestsByStatus.map((c) => [term('RequestStatus', c.key), c.count]),
      none,
    ),
    `## ${t('bySector')}`,
    '',
    table(
      [t('sector'), t('requests')],
      summary.requestsBySector.map((c) => [term('InfrastructureSector', c.key), c.count]),
      none,
    ),
    `## ${t('byRegion')}`,
    '',
    table(
      [t('region'), t('requests')],
      summary.requestsByRegion.map((c) => [term('Region', c.key), c.count]),
      none,
    ),
    `## ${t('byParagraph')}`,
    '',
    table(
      [t('paragraph'), t('agreedMatches')],
      summary.matchesByParagraph.map((c) => [term('MandateParagraph', c.key), c.count]),
      none,
    ),
    `## ${t('unmet')}`,
    '',
    table(
      [t('sector'), t('region'), t('openRequests')],
      summary.unmetNeeds.map((u) => [
        term('InfrastructureSector', u.sector),
        term('Region', u.region),
        u.openRequests,
      ]),
      none,
    ),
    `## ${t('providers')}`,
    '',
    table(
      [t('provider'), t('agreed'), t('delivered')],
      summary.providerContributions.map((p) => [p.organizationName, p.agreedMatches, p.deliveredMatches]),
      none,
    ),
    `## ${t('goodPractices')}`,
    '',
    table(
      [t('match'), t('sector'), t('practice')],
      summary.goodPractices.map((g) => [
        g.matchReference,
        term('InfrastructureSector', g.sector),
        g.practice,
      ]),
      none,
    ),
    '---',
    '',
    t('hash', { sha256: `\`${header.sha256}\`` }),
    '',
  ].join('\n');
}
