import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { speaksForOrganization } from '../../access/access-policy.js';
import {
  type AssistanceType,
  Confidentiality,
  type InfrastructureSector,
  MatchStatus,
  OrganizationKind,
  PublicationConsent,
  Role,
} from '../../common/enums.js';
import { DomainError } from '../../common/errors.js';
import { sqlValue } from '../../common/status-sql.js';
import { isUuid } from '../../common/validation.js';
import type { Viewer } from '../../viewer/viewer.js';
import { type Period, validPeriod } from '../summary.service.js';
import { dacSectors, equalShares } from './dac-sectors.js';
import { comment, element, xmlText } from './xml.js';

/** The matches an export publishes: agreed assistance, being or having been delivered. */
export const PUBLISHED_STATUSES = [MatchStatus.AGREED, MatchStatus.IN_DELIVERY, MatchStatus.DELIVERED];
const BATCH = 500;

/** IATI OrganisationType of each kind of organization. */
const ORGANISATION_TYPE: Readonly<Record<OrganizationKind, string>> = {
  [OrganizationKind.MEMBER_STATE]: '10', // Government
  [OrganizationKind.UN_ENTITY]: '40', // Multilateral
  [OrganizationKind.INTERNATIONAL_ORGANIZATION]: '40', // Multilateral
  [OrganizationKind.REGIONAL_ORGANIZATION]: '40', // Multilateral (regional development banks, AU, OSCE …)
  [OrganizationKind.PRIVATE_SECTOR]: '70', // Private Sector
  [OrganizationKind.CIVIL_SOCIETY]: '21', // International NGO
};

/** IATI ActivityStatus of a published match: agreed (planned), in delivery, delivered, evaluated. */
function activityStatus(row: ActivityRow): string {
  if (row.status === MatchStatus.AGREED) return '1'; // Pipeline/identification
  if (row.status === MatchStatus.IN_DELIVERY) return '2'; // Implementation
  return row.evaluated_at ? '4' : '3'; // Closed once evaluated, else Finalisation
}

/** What one activity is made of: a published match with its request, offer and requesting organization. */
export interface ActivityRow {
  reference: string;
  status: MatchStatus;
  agreed_at: Date;
  delivery_started_at: Date | null;
  delivered_at: Date | null;
  evaluated_at: Date | null;
  updated_at: Date;
  publication_consent: PublicationConsent;
  request_title: string;
  request_description: string;
  request_confidentiality: Confidentiality;
  request_sectors: InfrastructureSector[];
  request_types: AssistanceType[];
  request_language: string | null;
  desired_start: string | null;
  desired_end: string | null;
  request_amount: string | null;
  request_currency: string | null;
  offer_title: string;
  offer_description: string;
  offer_confidentiality: Confidentiality;
  offer_sectors: InfrastructureSector[];
  offer_types: AssistanceType[];
  offer_language: string | null;
  available_from: string | null;
  available_until: string | null;
  offer_amount: string | null;
  offer_currency: string | null;
  requester_name: string;
  requester_kind: OrganizationKind;
  requester_iati: string | null;
  requester_country: string | null;
}

/** The reporting organisation. */
export interface Provider {
  id: string;
  name: string;
  kind: OrganizationKind;
  iati_identifier: string | null;
}

/**
 * Agreed assistance published as IATI 2.03 activities: one `<iati-activity>` per match of the provider
 * AGREED, IN_DELIVERY or DELIVERED that ran during the period (agreed before its end, not delivered
 * before its start). A match whose request or offer is not PUBLIC is published only with the requesting
 * organization's consent (`publicationConsent`), and without WITH_TEXT its titles and descriptions are
 * replaced by a summary of its sectors and kinds of assistance; what is left out is counted in a
 * comment at the top. Written as a stream, a batch of matches at a time, so memory stays flat.
 */
@Injectable()
export class IatiExport {
  constructor(private readonly dataSource: DataSource) {}

  /** The provider's focal points, coordinators and ADMIN may export; anyone else is refused (FORBIDDEN). */
  mayExport(viewer: Viewer, providerOrganizationId: string): boolean {
    if (viewer.roles.includes(Role.COORDINATOR) || viewer.roles.includes(Role.ADMIN)) return true;
    return viewer.roles.includes(Role.PROVIDER) && speaksForOrganization(viewer) === providerOrganizationId;
  }

  /** The whole document, for the API. */
  async document(viewer: Viewer, providerOrganizationId: string, period: Period): Promise<string> {
    if (!this.mayExport(viewer, providerOrganizationId)) {
      throw new DomainError(
        'FORBIDDEN',
        "Only the provider organization's focal points, coordinators and administrators export its activities",
      );
    }
    const parts: string[] = [];
    for await (const part of this.stream(providerOrganizationId, period)) parts.push(part);
    return parts.join('');
  }

  /** The document in parts, for a file of any size (the command line). */
  async *stream(providerOrganizationId: string, input: Period, now = new Date()): AsyncGenerator<string> {
    const period = validPeriod(input);
    const provider = await this.provider(providerOrganizationId);
    const identifier = provider.iati_identifier;
    if (!identifier) {
      throw DomainError.badInput(
        'providerOrganizationId',
        `${provider.name} has no IATI organisation identifier: set one with updateOrganization(input: { iatiIdentifier }) first`,
      );
    }
    const bounds = [provider.id, PUBLISHED_STATUSES, period.from, period.to] as const;
    const [counts] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE ${PUBLISHABLE})::int AS published,
              count(*) FILTER (WHERE NOT ${PUBLISHABLE})::int AS withheld
         FROM match m JOIN assistance_request r ON r.id = m.request_id JOIN assistance_offer o ON o.id = m.offer_id
        WHERE ${IN_EXPORT}`,
      [...bounds],
    )) as { published: number; withheld: number }[];
    // IATI's schema wants at least one activity in a document: an empty one is refused, not written.
    if (!counts?.published) {
      throw DomainError.badInput(
        'period',
        `${provider.name} has no agreed assistance to publish from ${period.from} to ${period.to}` +
          (counts?.withheld
            ? ` (${counts.withheld} left out: not PUBLIC, and the requesting organization has not consented)`
            : ''),
      );
    }
    yield `<?xml version="1.0" encoding="UTF-8"?>\n`;
    yield `${comment(
      `${counts?.published ?? 0} activities of ${provider.name} from ${period.from} to ${period.to}; ` +
        `${counts?.withheld ?? 0} left out: their request or offer is not PUBLIC and the requesting organization has not consented to publication`,
    )}\n`;
    yield `<iati-activities version="2.03" generated-datetime="${isoSeconds(now)}">\n`;
    for (let after = ''; ;) {
      const rows = (await this.dataSource.query(
        `${ACTIVITY_ROWS} AND m.reference > $5 ORDER BY m.reference LIMIT ${BATCH}`,
        [...bounds, after],
      )) as ActivityRow[];
      for (const row of rows) yield `${activity(provider, identifier, row)}\n`;
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1]?.reference ?? '';
    }
    yield `</iati-activities>\n`;
  }

  private async provider(id: string): Promise<Provider> {
    const found = isUuid(id)
      ? ((await this.dataSource.query(
          'SELECT id, name, kind, iati_identifier FROM organization WHERE id = $1',
          [id],
        )) as Provider[])
      : [];
    if (!found[0]) throw DomainError.notFound('Organization');
    return found[0];
  }
}

/** The matches of the export: the provider's, published statuses, running during the period. */
const IN_EXPORT = `m.provider_organization_id = $1 AND m.status = ANY($2::match_status[])
  AND m.agreed_at < ($4::date + 1)::timestamp AT TIME ZONE 'UTC'
  AND (m.delivered_at IS NULL OR m.delivered_at >= $3::date::timestamp AT TIME ZONE 'UTC')`;
/** Publishable: both sides PUBLIC, or the requesting organization consented. */
const PUBLIC = sqlValue(Confidentiality.PUBLIC);
const PUBLISHABLE = `((r.confidentiality = ${PUBLIC} AND o.confidentiality = ${PUBLIC}) OR m.publication_consent <> ${sqlValue(PublicationConsent.NONE)})`;

const ACTIVITY_ROWS = `
  SELECT m.reference, m.status, m.agreed_at, m.delivery_started_at, m.delivered_at, m.evaluated_at, m.updated_at,
         m.publication_consent,
         r.title AS request_title, r.description AS request_description, r.confidentiality AS request_confidentiality,
         r.sectors::text[] AS request_sectors, r.assistance_types::text[] AS request_types,
         lower(ru.preferred_language::text) AS request_language,
         r.desired_start::text AS desired_start, r.desired_end::text AS desired_end,
         r.budget_amount::text AS request_amount, r.budget_currency AS request_currency,
         o.title AS offer_title, o.description AS offer_description, o.confidentiality AS offer_confidentiality,
         o.sectors::text[] AS offer_sectors, o.assistance_types::text[] AS offer_types,
         lower(ou.preferred_language::text) AS offer_language,
         o.available_from::text AS available_from, o.available_until::text AS available_until,
         o.budget_amount::text AS offer_amount, o.budget_currency AS offer_currency,
         ro.name AS requester_name, ro.kind AS requester_kind, ro.iati_identifier AS requester_iati,
         ms.alpha2 AS requester_country
    FROM match m
    JOIN assistance_request r ON r.id = m.request_id
    JOIN assistance_offer o ON o.id = m.offer_id
    JOIN organization ro ON ro.id = m.requesting_organization_id
    LEFT JOIN member_state ms ON ms.code = ro.member_state_code
    LEFT JOIN app_user ru ON ru.id = r.created_by
    LEFT JOIN app_user ou ON ou.id = o.created_by
   WHERE ${IN_EXPORT} AND ${PUBLISHABLE}`;

const day = (date: Date) => date.toISOString().slice(0, 10);
const isoSeconds = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** A narrative in the language its text was written in (its author's language), or the document's. */
function narrative(text: string, language: string | null): string {
  return element('narrative', { 'xml:lang': language ?? undefined }, xmlText(text));
}

/** What stands for a title or description that is not published: its sectors and kinds of assistance. */
function sectorSummary(sectors: readonly string[], types: readonly string[]): string {
  const words = (values: readonly string[]) =>
    values.map((value) => value.toLowerCase().replace(/_/g, ' ')).join(', ') || 'unspecified';
  return `Protection of critical infrastructure (${words(sectors)}): ${words(types)}`;
}

/** One `<iati-activity>` of the provider's document. */
export function activity(provider: Provider, identifier: string, row: ActivityRow): string {
  // The requesting State's consent covers its own need's text; an offer's text is published only
  // when its provider made it PUBLIC (a coordinator's export must not override the provider's marking).
  const offerText = row.offer_confidentiality === Confidentiality.PUBLIC;
  const requestText =
    row.request_confidentiality === Confidentiality.PUBLIC ||
    row.publication_consent === PublicationConsent.WITH_TEXT;
  const summary = sectorSummary(row.request_sectors, row.request_types);
  const reportingOrg = element(
    'reporting-org',
    { ref: identifier, type: ORGANISATION_TYPE[provider.kind] },
    narrative(provider.name, null),
  );
  const plannedStart = row.desired_start ?? row.available_from ?? day(row.agreed_at);
  const plannedEnd = row.desired_end ?? row.available_until;
  const dates = [
    element('activity-date', { 'iso-date': plannedStart, type: '1' }),
    row.delivery_started_at
      ? element('activity-date', { 'iso-date': day(row.delivery_started_at), type: '2' })
      : '',
    plannedEnd && plannedEnd >= plannedStart
      ? element('activity-date', { 'iso-date': plannedEnd, type: '3' })
      : '',
    row.delivered_at ? element('activity-date', { 'iso-date': day(row.delivered_at), type: '4' }) : '',
  ];
  // The need's sectors and kinds of assistance describe the activity.
  const sectors = row.request_sectors;
  const dac = dacSectors(sectors, row.request_types);
  const own = equalShares(sectors);
  const amount = row.offer_amount ?? row.request_amount;
  const currency = row.offer_amount ? row.offer_currency : row.request_currency;
  return element(
    'iati-activity',
    {
      'last-updated-datetime': isoSeconds(row.updated_at),
      'xml:lang': 'en',
      'default-currency': currency ?? undefined,
    },
    element('iati-identifier', {}, xmlText(`${identifier}-${row.reference}`)),
    reportingOrg,
    element(
      'title',
      {},
      offerText ? narrative(row.offer_title, row.offer_language) : narrative(summary, 'en'),
    ),
    element(
      'description',
      { type: '1' },
      offerText ? narrative(row.offer_description, row.offer_language) : narrative(summary, 'en'),
    ),
    element(
      'description',
      { type: '2' },
      requestText
        ? narrative(`${row.request_title}. ${row.request_description}`, row.request_language)
        : narrative(summary, 'en'),
    ),
    element(
      'participating-org',
      { ref: identifier, role: '1', type: ORGANISATION_TYPE[provider.kind] },
      narrative(provider.name, null),
    ),
    element(
      'participating-org',
      { ref: identifier, role: '4', type: ORGANISATION_TYPE[provider.kind] },
      narrative(provider.name, null),
    ),
    element(
      'participating-org',
      { ref: row.requester_iati ?? undefined, role: '2', type: ORGANISATION_TYPE[row.requester_kind] },
      narrative(row.requester_name, null),
    ),
    element(
      'other-identifier',
      { ref: row.reference, type: 'A1' },
      element('owner-org', { ref: identifier }, narrative(provider.name, null)),
    ),
    element('activity-status', { code: activityStatus(row) }),
    ...dates,
    row.requester_country
      ? element('recipient-country', { code: row.requester_country, percentage: '100' })
      : '',
    ...dac.map((share) =>
      element('sector', { vocabulary: '1', code: share.code, percentage: share.percentage }),
    ),
    // The service's own infrastructure sectors, the reporting organisation's vocabulary (99).
    ...own.map((share) =>
      element('sector', { vocabulary: '99', code: share.code, percentage: share.percentage }),
    ),
    amount && currency ? budget(plannedStart, plannedEnd, amount, currency, day(row.agreed_at)) : '',
  );
}

/** The agreed budget over the planned period, one year at most (IATI's rule for a budget period). */
function budget(
  start: string,
  end: string | null,
  amount: string,
  currency: string,
  valueDate: string,
): string {
  const yearLater = new Date(Date.parse(`${start}T00:00:00Z`) + 364 * 86_400_000).toISOString().slice(0, 10);
  const periodEnd = end && end >= start && end <= yearLater ? end : yearLater;
  return element(
    'budget',
    { type: '1', status: '2' },
    element('period-start', { 'iso-date': start }),
    element('period-end', { 'iso-date': periodEnd }),
    element('value', { currency, 'value-date': valueDate }, xmlText(amount)),
  );
}
