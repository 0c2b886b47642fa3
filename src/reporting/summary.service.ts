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

    // The offers of the period, and the matches proposed, agreed and delivered in it by mandate
    // paragraph, in one pass over the matches. Without a WHERE (an OR of three ranges): its cost made
    // the planner choose a parallel scan, whose workers wait for a CPU on a busy machine.
    const [offers] = await query<{ count: unknown }>(
      `SELECT count(*) AS count FROM assistance_offer WHERE ${within('published_at')}`,
    );
    const byParagraph = await query<{ key: string; proposed: unknown; agreed: unknown; delivered: unknown }>(`
      SELECT mandate_paragraph::text AS key,
        count(*) FILTER (WHERE ${within('proposed_at')}) AS proposed,
        count(*) FILTER (WHERE ${within('agreed_at')}) AS agreed,
        count(*) FILTER (WHERE ${within('delivered_at')}) AS delivered
      FROM "match" GROUP BY 1`);
    const sum = (values: unknown[]) => values.reduce<number>((total, value) => total + n(value), 0);

    // First agreement of each request, when it came by the period's end.
    const [rate] = await query<{ opened: unknown; matched: unknown; median_days: unknown }>(`
      WITH first_agreed AS (
        SELECT request_id, min(agreed_at) AS agreed_at FROM "match" WHERE agreed_at < ${end} GROUP BY request_id
      )
      SELECT count(*) AS opened, count(f.agreed_at) AS matched,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.agreed_at - r.opened_at) / 86400)
          FILTER (WHERE f.agreed_at IS NOT NULL) AS median_days
      FROM assistance_request r LEFT JOIN first_agreed f ON f.request_id = r.id
      WHERE ${within('r.opened_at')}`);

    // The requests received in the period (in all, by status at the period's end, by sector, by region)
    // and the needs still unmet at its end, from one pass over the requests. A request's status at the
    // end is its last status change before then: one sort of the status changes (DISTINCT ON) rather
    // than their largest id per request joined back to them. The requests are first counted by
    // (received, status at the end, unmet, sectors, regions), so the arrays are unnested once per
    // group, not once per request.
    const requests = await query<{ kind: string; a: string | null; b: string | null; count: unknown }>(`
      WITH ends AS (
        SELECT DISTINCT ON (entity_id) entity_id, to_status FROM status_change
        WHERE entity_type = 'AssistanceRequest' AND at < ${end}
        ORDER BY entity_id, id DESC
      ),
      grouped AS (
        SELECT ${within('r.submitted_at')} AS received, e.to_status,
          -- OPEN at the end means no agreement held then: agreeing moves a request to MATCHED, and it
          -- returns to OPEN only when its last agreement is cancelled.
          r.opened_at < ${end} AND e.to_status IN ${sqlList(SEEKING_REQUEST_STATUSES)} AS unmet,
          r.sectors, r.beneficiary_regions, count(*) AS count
        FROM assistance_request r LEFT JOIN ends e ON e.entity_id = r.id
        WHERE (${within('r.submitted_at')})
          OR (r.opened_at < ${end} AND e.to_status IN ${sqlList(SEEKING_REQUEST_STATUSES)})
        GROUP BY 1, 2, 3, 4, 5
      )
      SELECT 'received' AS kind, NULL AS a, NULL AS b, sum(count) AS count FROM grouped WHERE received
      UNION ALL
      SELECT 'status', to_status, NULL, sum(count) FROM grouped WHERE received AND to_status IS NOT NULL GROUP BY 2
      UNION ALL
      SELECT 'sector', s::text, NULL, sum(count) FROM grouped, unnest(sectors) AS s WHERE received GROUP BY 2
      UNION ALL
      SELECT 'region', g, NULL, sum(count) FROM grouped, unnest(beneficiary_regions) AS g WHERE received GROUP BY 2
      UNION ALL
      SELECT 'unmet', s::text, g, sum(count)
      FROM grouped, unnest(sectors) AS s, unnest(beneficiary_regions) AS g WHERE unmet GROUP BY 2, 3
      ORDER BY 1, 2, 3`);
    const ofKind = (kind: string) => requests.filter((row) => row.kind === kind);
    const byStatus = ofKind('status').map((row) => ({ key: row.a ?? '', count: row.count }));
    const bySector = ofKind('sector').map((row) => ({ key: row.a ?? '', count: row.count }));
    const byRegion = ofKind('region').map((row) => ({ key: row.a ?? '', count: row.count }));
    const unmet = ofKind('unmet').map((row) => ({
      sector: row.a ?? '',
      region: row.b ?? '',
      count: row.count,
    }));

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
    const paragraphCounts = new Map(byParagraph.map((row) => [row.key, n(row.agreed)]));
    const median = rate?.median_days;
    return {
      period,
      requestsReceived: n(ofKind('received')[0]?.count),
      offersPublished: n(offers?.count),
      matchesProposed: sum(byParagraph.map((row) => row.proposed)),
      matchesAgreed: sum(byParagraph.map((row) => row.agreed)),
      matchesDelivered: sum(byParagraph.map((row) => row.delivered)),
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
