/**
 * The bare baselines of `bench:load`: hand-written Fastify + pg endpoints doing the same database
 * work as the service's scenarios. Served in the benchmark's process, or in a process of their own
 * (`bench/bare-server.ts`) so that their CPU and memory are measured apart.
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { hardFiltersFor } from '../src/matching/hard-filters.js';

/** What a hand-written endpoint would run for the same page: one statement, relations as JSON. */
const BARE_PAGE = `SELECT r.id, r.reference, r.title, r.status, r.priority, r.confidentiality, r.sectors,
  r.assistance_types, r.desired_start, r.desired_end, r.budget_amount, r.budget_currency, r.beneficiary_state_codes,
  json_build_object('id', o.id, 'name', o.name, 'memberStateCode', o.member_state_code) AS organization,
  (SELECT coalesce(json_agg(json_build_object('from', h.from_status, 'to', h.to_status, 'action', h.action,
      'at', h.at, 'actor', CASE WHEN u.id IS NULL THEN NULL
        ELSE json_build_object('id', u.id, 'displayName', u.display_name) END) ORDER BY h.id), '[]')
    FROM status_change h LEFT JOIN app_user u ON u.id = h.actor_id WHERE h.entity_id = r.id) AS history,
  (SELECT coalesce(json_agg(json_build_object('id', c.id, 'body', c.body,
      'author', json_build_object('id', a.id, 'displayName', a.display_name)) ORDER BY c.created_at, c.id), '[]')
    FROM comment c JOIN app_user a ON a.id = c.author_id WHERE c.subject_id = r.id) AS comments
  FROM assistance_request r JOIN organization o ON o.id = r.requesting_organization_id
  WHERE r.status <> 'DRAFT' ORDER BY r.created_at DESC, r.id DESC LIMIT 50`;
const BARE_TOTAL = `SELECT count(*)::int AS n FROM assistance_request WHERE status <> 'DRAFT'`;
/** The same 50 rows, flat: what the first baseline returned (shown for reference, not a ratio). */
const BARE_FLAT = `SELECT r.id, r.reference, r.title, r.status, r.priority, r.confidentiality, r.sectors,
  r.assistance_types, r.desired_start, r.desired_end, r.budget_amount, r.budget_currency, r.beneficiary_state_codes,
  o.id AS org_id, o.name AS org_name, o.member_state_code
  FROM assistance_request r JOIN organization o ON o.id = r.requesting_organization_id
  WHERE r.status <> 'DRAFT' ORDER BY r.created_at DESC, r.id DESC LIMIT 50`;
/** The light list by hand: one page statement joined to organization and State, and a count. */
const BARE_LIGHT_PAGE = `SELECT r.id, r.reference, r.title, r.description, r.status, r.priority, r.confidentiality,
  r.sectors, r.assistance_types, to_char(r.desired_start, 'YYYY-MM-DD') AS desired_start,
  to_char(r.desired_end, 'YYYY-MM-DD') AS desired_end, r.budget_amount, r.budget_currency, r.created_at,
  o.id AS org_id, o.name AS org_name, s.code AS state_code, s.name AS state_name, s.region AS state_region
  FROM assistance_request r JOIN organization o ON o.id = r.requesting_organization_id
  LEFT JOIN member_state s ON s.code = o.member_state_code
  WHERE r.status <> 'DRAFT' ORDER BY r.created_at DESC, r.id DESC LIMIT 51`;
/** The light create by hand: row, first history entry and audit event in one transaction. */
const BARE_CREATE = `WITH made AS (
  INSERT INTO assistance_request (reference, title, description, requesting_organization_id,
    beneficiary_state_codes, beneficiary_regions, sectors, assistance_types, protection_streams, phases,
    mandate_paragraphs, priority, confidentiality, languages, delivery_modes, budget_amount, budget_currency,
    status, version, created_by)
  SELECT 'REQ-2026-' || upper(substr(md5(random()::text), 1, 8)), $1, $2, u.organization_id,
    ARRAY[o.member_state_code], ARRAY[s.region], '{ENERGY}', '{CAPACITY_DEVELOPMENT}', '{}', '{}', '{}',
    'MEDIUM', 'PUBLIC', '{}', '{}', 25000, 'USD', 'DRAFT', 1, u.id
  FROM app_user u JOIN organization o ON o.id = u.organization_id JOIN member_state s ON s.code = o.member_state_code
  WHERE u.email = 'requester@bench.example'
  RETURNING id, reference, status, version, created_by),
history AS (
  INSERT INTO status_change (entity_type, entity_id, from_status, to_status, action, actor_id)
  SELECT 'AssistanceRequest', id, NULL, 'DRAFT', 'CREATE', created_by FROM made),
audit AS (
  INSERT INTO audit_pending (entity_type, entity_id, action, actor_id, at, payload)
  SELECT 'AssistanceRequest', id::text, 'CREATE', created_by, now(),
    jsonb_build_object('from', NULL, 'to', 'DRAFT', 'reason', NULL, 'reference', reference) FROM made)
SELECT id, reference, status, version FROM made`;
const BARE_SUGGEST = `SELECT o.id, o.reference, o.title FROM assistance_request r, assistance_offer o
  WHERE r.id = $1 AND ${hardFiltersFor('request', '$1')} LIMIT 10`;

/** Registers every bare endpoint on `bare`, reading through `pool`. */
export function bareRoutes(bare: FastifyInstance, pool: pg.Pool): void {
  bare.get('/requests', async () => {
    const [page, total] = await Promise.all([pool.query(BARE_PAGE), pool.query(BARE_TOTAL)]);
    return { totalCount: (total.rows[0] as { n: number }).n, nodes: page.rows };
  });
  bare.get('/requests-flat', async () => (await pool.query(BARE_FLAT)).rows);
  bare.post<{ Body: { id: string } }>(
    '/suggest',
    async (request) => (await pool.query(BARE_SUGGEST, [request.body.id])).rows,
  );
  bare.post<{ Body: { id: string } }>('/comment', async (request) => {
    const { rows } = await pool.query(
      `INSERT INTO comment (subject_type, subject_id, author_id, body)
       SELECT 'AssistanceRequest', $1, id, 'Site visit scheduled.' FROM app_user
       WHERE email = 'coordinator@bench.example' RETURNING id`,
      [request.body.id],
    );
    return rows[0];
  });
  bare.get('/requests-light', async () => {
    const [page, total] = await Promise.all([pool.query(BARE_LIGHT_PAGE), pool.query(BARE_TOTAL)]);
    const rows = page.rows as Record<string, string & Date & string[]>[];
    const nodes = rows.slice(0, 50).map((r) => ({
      id: r.id,
      reference: r.reference,
      title: r.title,
      description: r.description,
      status: r.status,
      priority: r.priority,
      confidentiality: r.confidentiality,
      sectors: r.sectors,
      assistanceTypes: r.assistance_types,
      desiredStart: r.desired_start,
      desiredEnd: r.desired_end,
      estimatedBudget: r.budget_amount ? { amount: r.budget_amount, currency: r.budget_currency } : null,
      requestingOrganization: {
        id: r.org_id,
        name: r.org_name,
        memberState: r.state_code ? { code: r.state_code, name: r.state_name, region: r.state_region } : null,
      },
    }));
    const last = rows[49];
    return {
      totalCount: (total.rows[0] as { n: number }).n,
      pageInfo: {
        hasNextPage: rows.length > 50,
        endCursor: last
          ? Buffer.from(`c:${last.created_at.toISOString()}|${last.id}`).toString('base64url')
          : null,
      },
      nodes,
    };
  });
  bare.post('/create', async () => {
    const { rows } = await pool.query(BARE_CREATE, [
      'Protection of the northern grid substations',
      'Assessment and training for the operators of three substations.',
    ]);
    return rows[0];
  });
}
