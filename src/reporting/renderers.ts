import type { SummaryData } from './summary.js';

/** What the renderers need of a report besides its summary. */
export interface ReportHeader {
  reference: string;
  title: string;
  generatedAt: string;
  sha256: string;
}

const label = (key: string) =>
  key
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/^\w/, (c) => c.toUpperCase());

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

function table(headers: string[], rows: (string | number)[][]): string {
  if (rows.length === 0) return '_None in this period._\n';
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

/** A document the Committee could circulate, rendered from the frozen summary only. */
export function renderMarkdown(summary: SummaryData, header: ReportHeader): string {
  const percent = `${(summary.matchRate * 100).toFixed(1)}%`;
  const paragraph = (key: string) => `Paragraph ${key.replace('PARAGRAPH_', '')}`;
  return [
    `# ${escapeMarkdown(header.title)}`,
    '',
    `**${header.reference}**: a report to the Counter-Terrorism Committee on the implementation of Security Council resolution 2341 (2017).`,
    '',
    `Period: ${summary.period.from} to ${summary.period.to} (whole UTC days, both included). Generated ${header.generatedAt}.`,
    '',
    '## Headline figures',
    '',
    table(
      ['Figure', 'Value'],
      [
        ['Requests received (first submitted in the period)', summary.requestsReceived],
        ['Offers published (first published in the period)', summary.offersPublished],
        ['Matches proposed', summary.matchesProposed],
        ['Matches agreed', summary.matchesAgreed],
        ['Matches delivered', summary.matchesDelivered],
        ['Match rate (requests opened in the period that reached an agreement by its end)', percent],
        ['Median days from opening to first agreement', summary.medianDaysToMatch ?? 'n/a'],
      ],
    ),
    '## Requests by status at the end of the period',
    '',
    table(
      ['Status', 'Requests'],
      summary.requestsByStatus.map((c) => [label(c.key), c.count]),
    ),
    '## Requests by sector',
    '',
    table(
      ['Sector', 'Requests'],
      summary.requestsBySector.map((c) => [label(c.key), c.count]),
    ),
    '## Requests by UN M49 region',
    '',
    table(
      ['Region', 'Requests'],
      summary.requestsByRegion.map((c) => [c.key, c.count]),
    ),
    '## Agreed matches by paragraph of resolution 2341',
    '',
    table(
      ['Paragraph', 'Agreed matches'],
      summary.matchesByParagraph.map((c) => [paragraph(c.key), c.count]),
    ),
    '## Unmet needs (open without an agreement at the end of the period)',
    '',
    table(
      ['Sector', 'Region', 'Open requests'],
      summary.unmetNeeds.map((u) => [label(u.sector), u.region, u.openRequests]),
    ),
    '## Provider contributions',
    '',
    table(
      ['Provider', 'Agreed', 'Delivered'],
      summary.providerContributions.map((p) => [p.organizationName, p.agreedMatches, p.deliveredMatches]),
    ),
    '## Good practices (paras 7 and 10)',
    '',
    table(
      ['Match', 'Sector', 'Practice'],
      summary.goodPractices.map((g) => [g.matchReference, label(g.sector), g.practice]),
    ),
    '---',
    '',
    `sha256 of the canonical JSON of this summary: \`${header.sha256}\``,
    '',
  ].join('\n');
}
