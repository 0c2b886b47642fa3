import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LEVELS_EVERYONE_SEES } from '../access/access-policy.js';
import { MandateParagraph } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import * as rules from '../common/input-rules.js';
import { SEEKING_REQUEST_STATUSES } from '../requests/request-transitions.js';
import { sqlList } from '../common/status-sql.js';
import type { SummaryData } from './summary.js';

/** A period of whole UTC days, both ends included. */
export interface Period {
  from: string;
  to: string;
}

/** Periods longer than this are refused (a century is plenty for the Council). */
const MAX_PERIOD_DAYS = 366 * 100;

export function validPeriod(period: Period, field = 'period'): Period {
  const from = rules.date(period.from, `${field}.from`) as string;
  const to = rules.date(period.to, `${field}.to`) as string;
  rules.dateOrder(from, to, `${field}.to`, 'from');
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days > MAX_PERIOD_DAYS) throw DomainError.badInput(`${field}.to`, 'the period is too long');
  return { from, to };
}

const n = (value: unknown) => Number(value ?? 0);

/**
 * Implementation figures of RULES.md (Reporting) as SQL aggregates over [from 00:00 UTC, to + 1 day).
 * Confidential requests are counted like every other, but no title, description or requesting
 * State ever leaves this service: only counts, vocabulary keys, regions, match references,
 * provider organizations and the good practices written in evaluations.
 */
@Injectable()
export class SummaryService {
  constructor(private readonly dataSource: DataSource) {}

  async summary(input: Period, manager: EntityManager = this.dataSource.manager): Promise<SummaryData> {
    const period = validPeriod(input);
    const bounds = [period.from, period.to];
    // $1 start, $2 end (exclusive), both timestamptz at UTC midnight.
    const start = `($1::date::timestamp AT TIME ZONE 'UTC')`;
    const end = `(($2::date + 1)::timestamp AT TIME ZONE 'UTC')`;
    const within = (column: string) => `${column} >= ${start} AND ${column} < ${end}`;
    const query = async <T>(sql: string): Promise<T[]> => manager.query(sql, bounds);

    const [totals] = await query<Record<string, unknown>>(`
      SELECT
        (SELECT count(*) FROM assistance_request WHERE ${within('submitted_at')}) AS requests_received,
        (SELECT count(*) FROM assistance_offer WHERE ${within('published_at')}) AS offers_published,
        (SELECT count(*) FROM "match" WHERE ${within('proposed_at')}) AS matches_proposed,
        (SELECT count(*) FROM "match" WHERE ${within('agreed_at')}) AS matches_agreed,
        (SELECT count(*) FROM "match" WHERE ${within('delivered_at')}) AS matches_delivered`);

    // First agreement of each request, when it came by the period's end.
    const firstAgreed = `first_agreed AS (
        SELECT request_id, min(agreed_at) AS agreed_at FROM "match" WHERE agreed_at < ${end} GROUP BY request_id
      )`;
    const [rate] = await query<{ opened: unknown; matched: unknown; median_days: unknown }>(`
      WITH ${firstAgreed}
      SELECT count(*) AS opened, count(f.agreed_at) AS matched,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.agreed_at - r.opened_at) / 86400)
          FILTER (WHERE f.agreed_at IS NOT NULL) AS median_days
      FROM assistance_request r LEFT JOIN first_agreed f ON f.request_id = r.id
      WHERE ${within('r.opened_at')}`);

    // Each request's status at the period's end (its last status change before then), computed once
    // for the statuses of the period's requests and for the needs still unmet at its end.
    const atEnd = await query<{ kind: string; a: string; b: string | null; count: unknown }>(`
      WITH ${firstAgreed},
      ends AS MATERIALIZED (
        SELECT sc.entity_id, sc.to_status FROM status_change sc
        JOIN (SELECT entity_id, max(id) AS id FROM status_change
              WHERE entity_type = 'AssistanceRequest' AND at < ${end} GROUP BY entity_id) last ON last.id = sc.id
      )
      SELECT 'status' AS kind, e.to_status AS a, NULL AS b, count(*) AS count
      FROM assistance_request r JOIN ends e ON e.entity_id = r.id
      WHERE ${within('r.submitted_at')} GROUP BY e.to_status
      UNION ALL
      SELECT 'unmet', s::text, g, count(*)
      FROM assistance_request r JOIN ends e ON e.entity_id = r.id AND e.to_status IN ${sqlList(SEEKING_REQUEST_STATUSES)},
        unnest(r.sectors) AS s, unnest(r.beneficiary_regions) AS g
      -- OPEN at the end means no agreement held then: agreeing moves a request to MATCHED, and it
      -- returns to OPEN only when its last agreement is cancelled.
      WHERE r.opened_at < ${end}
      GROUP BY 2, 3
      ORDER BY 1, 2, 3`);
    const byStatus = atEnd
      .filter((row) => row.kind === 'status')
      .map((row) => ({ key: row.a, count: row.count }));
    const unmet = atEnd
      .filter((row) => row.kind === 'unmet')
      .map((row) => ({ sector: row.a, region: row.b ?? '', count: row.count }));

    // Requests received in the period, by sector and by region.
    const bySector = await query<{ key: string; count: unknown }>(
      `SELECT s::text AS key, count(*) AS count FROM assistance_request r, unnest(r.sectors) AS s
        WHERE ${within('r.submitted_at')} GROUP BY 1 ORDER BY 1`,
    );
    const byRegion = await query<{ key: string; count: unknown }>(
      `SELECT g AS key, count(*) AS count FROM assistance_request r, unnest(r.beneficiary_regions) AS g
        WHERE ${within('r.submitted_at')} GROUP BY 1 ORDER BY 1`,
    );
    const byParagraph = await query<{ key: string; count: unknown }>(
      `SELECT mandate_paragraph::text AS key, count(*) AS count FROM "match" WHERE ${within('agreed_at')} GROUP BY 1`,
    );

    const providers = await query<{ id: string; name: string; agreed: unknown; delivered: unknown }>(`
      SELECT o.id, o.name,
        count(*) FILTER (WHERE ${within('m.agreed_at')}) AS agreed,
        count(*) FILTER (WHERE ${within('m.delivered_at')}) AS delivered
      FROM "match" m JOIN organization o ON o.id = m.provider_organization_id
      WHERE (${within('m.agreed_at')}) OR (${within('m.delivered_at')})
      GROUP BY o.id, o.name ORDER BY o.name, o.id`);

    const practices = await query<{ reference: string; sector: string; practice: string }>(`
      SELECT m.reference, r.sectors[1]::text AS sector, m.evaluation_good_practice AS practice
      FROM "match" m JOIN assistance_request r ON r.id = m.request_id
      WHERE ${within('m.evaluated_at')} AND m.evaluation_good_practice IS NOT NULL
        -- CTC observers read reports and see PUBLIC items only: no practice of a restricted need.
        AND r.confidentiality IN ${sqlList(LEVELS_EVERYONE_SEES)}
      ORDER BY m.reference`);

    const opened = n(rate?.opened);
    const paragraphCounts = new Map(byParagraph.map((row) => [row.key, n(row.count)]));
    const median = rate?.median_days;
    return {
      period,
      requestsReceived: n(totals?.requests_received),
      offersPublished: n(totals?.offers_published),
      matchesProposed: n(totals?.matches_proposed),
      matchesAgreed: n(totals?.matches_agreed),
      matchesDelivered: n(totals?.matches_delivered),
      matchRate: opened === 0 ? 0 : round(n(rate?.matched) / opened, 6),
      medianDaysToMatch: median === null || median === undefined ? null : round(Number(median), 2),
      requestsByStatus: byStatus.map((row) => ({ key: row.key, count: n(row.count) })),
      requestsBySector: bySector.map((row) => ({ key: row.key, count: n(row.count) })),
      requestsByRegion: byRegion.map((row) => ({ key: row.key, count: n(row.count) })),
      matchesByParagraph: Object.values(MandateParagraph).map((key) => ({
        key,
        count: paragraphCounts.get(key) ?? 0,
      })),
      unmetNeeds: unmet.map((row) => ({
        sector: row.sector,
        region: row.region,
        openRequests: n(row.count),
      })),
      providerContributions: providers.map((row) => ({
        organizationId: row.id,
        organizationName: row.name,
        agreedMatches: n(row.agreed),
        deliveredMatches: n(row.delivered),
      })),
      goodPractices: practices.map((row) => ({
        matchReference: row.reference,
        sector: row.sector,
        practice: row.practice,
      })),
    };
  }
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
