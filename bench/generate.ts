import type pg from 'pg';
import { hashPassword } from '../src/organizations/password.js';

/** Calls `write(first, last)` over the row numbers 1 to `total` in batches of `size`, with a progress bar. */
async function inBatches(
  label: string,
  total: number,
  size: number,
  write: (first: number, last: number) => Promise<unknown>,
): Promise<void> {
  for (let done = 0; done < total; done += size) {
    const last = Math.min(done + size, total);
    await write(done + 1, last);
    progress(label, last, total);
  }
}

/**
 * Runs `generate` on one connection whose random() is seeded, so every run generates the same
 * marketplace; then vacuums and refreshes the planner's statistics, as autovacuum would have on a
 * database in service (a server with autovacuum off would otherwise time fresh, never-vacuumed
 * tables: no visibility map, so every index scan also visits the heap).
 */
async function seededMarketplace<T>(
  pool: pg.Pool,
  generate: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT setseed(0.2341)');
    const result = await generate(client);
    await client.query('VACUUM (ANALYZE)');
    return result;
  } finally {
    client.release();
  }
}

function progress(label: string, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stdout.write('\n');
}

/**
 * Generates a marketplace of `rows` requests from 12 States, each with history and a comment, plus a
 * coordinator, in batches of SQL (the service's own writes are measured elsewhere).
 */
export async function generateRequests(
  pool: pg.Pool,
  rows: number,
  password: string,
  /** Reference numbers start after this one (when other generated requests are already there). */
  numbersAfter = 0,
): Promise<void> {
  const hash = await hashPassword(password);
  const states = ['KEN', 'NGA', 'EGY', 'IDN', 'PHL', 'JOR', 'PER', 'COL', 'JAM', 'FJI', 'UKR', 'GEO'];
  const { rows: orgs } = await pool.query<{ id: string }>(
    `INSERT INTO organization (name, kind, member_state_code)
     SELECT 'Bench State ' || code, 'MEMBER_STATE', code FROM unnest($1::text[]) AS code RETURNING id`,
    [states],
  );
  const { rows: users } = await pool.query<{ id: string }>(
    `INSERT INTO app_user (email, display_name, password_hash, roles, organization_id)
     VALUES ('coordinator@bench.example', 'Bench coordinator', $1, '{COORDINATOR}', NULL),
            ('requester@bench.example', 'Bench requester', $1, '{REQUESTER}', $2) RETURNING id`,
    [hash, orgs[0]?.id],
  );
  const [coordinator, requester] = users.map((u) => u.id);
  const batch = 1000;
  await inBatches('generating requests', rows, batch, (first, last) =>
    pool.query(
      `WITH made AS (
       INSERT INTO assistance_request (reference, title, description, requesting_organization_id,
         beneficiary_state_codes, beneficiary_regions, sectors, assistance_types, protection_streams, phases,
         mandate_paragraphs, priority, confidentiality, languages, delivery_modes, desired_start, desired_end,
         budget_amount, budget_currency, status, version, created_by, submitted_at, opened_at)
       SELECT 'REQ-2026-' || lpad(n::text, 6, '0'),
         'Protection of critical site ' || n, 'Assessment, training and equipment for site ' || n || '.',
         ($3::uuid[])[1 + n % 12], ARRAY[($4::text[])[1 + n % 12]], ARRAY['Africa'],
         ARRAY[(enum_range(NULL::infrastructure_sector))[1 + n % 12]],
         ARRAY[(enum_range(NULL::assistance_type))[1 + n % 8]], '{}', '{}', '{}',
         (enum_range(NULL::priority))[1 + n % 4], (enum_range(NULL::confidentiality))[1 + n % 3],
         '{en}', '{REMOTE}', DATE '2027-01-01', DATE '2027-12-31', (1000 + n)::numeric, 'USD',
         CASE WHEN n % 10 = 0 THEN 'DRAFT'::request_status ELSE 'OPEN'::request_status END,
         1, $5, now(), now()
       FROM generate_series($1::bigint, $2::bigint) AS n
       RETURNING id, status
     ), history AS (
       INSERT INTO status_change (entity_type, entity_id, from_status, to_status, action, actor_id)
       SELECT 'AssistanceRequest', id, NULL, 'DRAFT', 'CREATE', $5 FROM made
       UNION ALL
       SELECT 'AssistanceRequest', id, 'UNDER_REVIEW', 'OPEN', 'APPROVE', $6 FROM made WHERE status = 'OPEN'
     )
     INSERT INTO comment (subject_type, subject_id, author_id, body)
     SELECT 'AssistanceRequest', id, $6, 'Reviewed against the CTED assessment.' FROM made`,
      [numbersAfter + first, numbersAfter + last, orgs.map((o) => o.id), states, requester, coordinator],
    ),
  );
  await pool.query('VACUUM (ANALYZE)');
}

/**
 * Generates a marketplace for suggestion benchmarks: `offers` PUBLISHED offers and `requests` OPEN
 * requests with random sectors, kinds of assistance, languages and eligibility, in batches of SQL.
 */
export async function generateMarketplace(pool: pg.Pool, requests: number, offers: number): Promise<void> {
  const states = ['KEN', 'NGA', 'EGY', 'IDN', 'PHL', 'JOR', 'PER', 'COL', 'JAM', 'FJI', 'UKR', 'GEO'];
  const regions = [
    'Africa',
    'Africa',
    'Africa',
    'Asia',
    'Asia',
    'Asia',
    'Americas',
    'Americas',
    'Americas',
    'Oceania',
    'Europe',
    'Asia',
  ];
  const { rows: orgs } = await pool.query<{ id: string }>(
    `INSERT INTO organization (name, kind, member_state_code)
     SELECT 'Market org ' || g, 'MEMBER_STATE', ($1::text[])[1 + g % 12] FROM generate_series(1, 24) AS g RETURNING id`,
    [states],
  );
  const { rows: users } = await pool.query<{ id: string }>(
    `INSERT INTO app_user (email, display_name, password_hash, roles) VALUES ('market@bench.example', 'Market', 'x', '{COORDINATOR}') RETURNING id`,
  );
  const creator = users[0]?.id;
  const batch = 5000;
  // Drawn independently, so that sectors, kinds of assistance and the rest do not follow one another
  // as arithmetic on the row number would.
  return seededMarketplace(pool, async (client) => {
    const pick = (array: string, modulo: number) => `(${array})[1 + floor(random() * ${modulo})::int]`;
    await inBatches('generating offers', offers, batch, (first, last) =>
      client.query(
        `INSERT INTO assistance_offer (reference, title, description, provider_organization_id, sectors,
       assistance_types, protection_streams, phases, mandate_paragraph, eligible_regions, eligible_state_codes, languages,
       delivery_modes, available_from, available_until, capacity, remaining_capacity, budget_amount, budget_currency,
       confidentiality, status, version, created_by, published_at)
     SELECT 'OFF-2026-' || lpad(n::text, 6, '0'), 'Offer ' || n, 'Generated offer ' || n,
       ($3::uuid[])[1 + n % 24],
       ARRAY(SELECT DISTINCT ${pick('enum_range(NULL::infrastructure_sector)', 12)} FROM generate_series(0, n % 3) AS k),
       ARRAY(SELECT DISTINCT ${pick('enum_range(NULL::assistance_type)', 8)} FROM generate_series(0, n % 2) AS k),
       ARRAY[${pick('enum_range(NULL::protection_stream)', 11)}], ARRAY[${pick('enum_range(NULL::preparedness_phase)', 7)}],
       ${pick('enum_range(NULL::mandate_paragraph)', 3)},
       CASE WHEN random() < 0.25 THEN ARRAY[${pick('$4::text[]', 12)}] ELSE '{}' END, '{}',
       CASE WHEN n % 2 = 0 THEN '{en}'::text[] ELSE '{en,fr}'::text[] END, '{REMOTE}',
       DATE '2027-01-01' + (n % 200)::int, DATE '2027-06-01' + (n % 400)::int, 1 + n % 5, 1 + n % 5,
       (50000 + n % 100 * 1000)::numeric, 'USD', 'PUBLIC', 'PUBLISHED', 1, $5, now()
     FROM generate_series($1::bigint, $2::bigint) AS n`,
        [first, last, orgs.map((o) => o.id), regions, creator],
      ),
    );
    await inBatches('generating requests', requests, batch, (first, last) =>
      client.query(
        `INSERT INTO assistance_request (reference, title, description, requesting_organization_id,
       beneficiary_state_codes, beneficiary_regions, sectors, assistance_types, protection_streams, phases,
       mandate_paragraphs, priority, confidentiality, languages, delivery_modes, desired_start, desired_end,
       budget_amount, budget_currency, status, version, created_by, submitted_at, opened_at)
     SELECT 'REQ-2026-' || lpad(n::text, 6, '0'), 'Need ' || n, 'Generated need ' || n,
       ($3::uuid[])[1 + n % 24], ARRAY[($4::text[])[1 + n % 12]], ARRAY[($6::text[])[1 + n % 12]],
       ARRAY(SELECT DISTINCT ${pick('enum_range(NULL::infrastructure_sector)', 12)} FROM generate_series(0, n % 2) AS k),
       ARRAY[${pick('enum_range(NULL::assistance_type)', 8)}], '{}', '{}', '{}', 'MEDIUM', 'PUBLIC', '{en}', '{}',
       DATE '2027-03-01' + (n % 100)::int, DATE '2027-09-01' + (n % 100)::int, 80000, 'USD', 'OPEN', 1, $5, now(), now()
     FROM generate_series($1::bigint, $2::bigint) AS n`,
        [first, last, orgs.map((o) => o.id), states, creator, regions],
      ),
    );
  });
}

/**
 * Generates a year of activity for reporting benchmarks: `requests` requests submitted and opened
 * through 2026 with their status history, `matches` matches proposed, agreed and partly delivered,
 * and `auditEvents` audit events (rows only: the benchmark reads figures, it does not verify the chain).
 */
export async function generateActivity(
  pool: pg.Pool,
  requests: number,
  matches: number,
  auditEvents: number,
): Promise<void> {
  await generateMarketplace(pool, 0, Math.max(1000, Math.ceil(matches / 5)));
  const { rows: orgs } = await pool.query<{ id: string }>(`SELECT id FROM organization`);
  const creator = (await pool.query<{ id: string }>(`SELECT id FROM app_user LIMIT 1`)).rows[0]?.id;
  const batch = 20_000;
  await inBatches('generating requests', requests, batch, (first, last) =>
    pool.query(
      `WITH made AS (
       INSERT INTO assistance_request (reference, title, description, requesting_organization_id,
         beneficiary_state_codes, beneficiary_regions, sectors, assistance_types, protection_streams, phases,
         mandate_paragraphs, priority, confidentiality, languages, delivery_modes, status, version, created_by,
         submitted_at, opened_at)
       SELECT 'REQ-2026-' || lpad(n::text, 6, '0'), 'Need ' || n, 'Generated need', ($3::uuid[])[1 + n % 24],
         ARRAY['KEN'], ARRAY[(ARRAY['Africa','Asia','Americas','Europe','Oceania'])[1 + n % 5]],
         ARRAY[(enum_range(NULL::infrastructure_sector))[1 + n % 12]], '{TRAINING}', '{}', '{}', '{}', 'MEDIUM',
         (enum_range(NULL::confidentiality))[1 + n % 3], '{en}', '{}',
         CASE WHEN n % 7 = 0 THEN 'SUBMITTED'::request_status ELSE 'OPEN'::request_status END, 1, $4,
         TIMESTAMPTZ '2026-01-01' + (n % 360) * INTERVAL '1 day',
         CASE WHEN n % 7 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-01-03' + (n % 360) * INTERVAL '1 day' END
       FROM generate_series($1::bigint, $2::bigint) AS n
       RETURNING id, submitted_at, opened_at
     )
     INSERT INTO status_change (entity_type, entity_id, from_status, to_status, action, at)
     SELECT 'AssistanceRequest', id, NULL, 'DRAFT', 'CREATE', submitted_at - INTERVAL '1 day' FROM made
     UNION ALL SELECT 'AssistanceRequest', id, 'DRAFT', 'SUBMITTED', 'SUBMIT', submitted_at FROM made
     UNION ALL SELECT 'AssistanceRequest', id, 'UNDER_REVIEW', 'OPEN', 'APPROVE', opened_at FROM made WHERE opened_at IS NOT NULL`,
      [first, last, orgs.slice(0, 24).map((o) => o.id), creator],
    ),
  );
  await inBatches('generating matches', matches, batch, (first, last) =>
    pool.query(
      `INSERT INTO "match" (reference, request_id, offer_id, requesting_organization_id, provider_organization_id,
       score, score_breakdown, status, requester_decision, provider_decision, mandate_paragraph, proposed_by, proposed_at,
       agreed_at, delivered_at, evaluation_rating, evaluation_outcome, evaluation_good_practice, evaluated_by, evaluated_at,
       version, created_by)
     SELECT 'MAT-2026-' || lpad(n::text, 6, '0'), r.id, o.id, r.requesting_organization_id, o.provider_organization_id, 0.8, '[]',
       CASE WHEN n % 3 = 0 THEN 'DELIVERED'::match_status ELSE 'AGREED'::match_status END, 'ACCEPTED', 'ACCEPTED',
       (enum_range(NULL::mandate_paragraph))[1 + n % 3], $3, coalesce(r.opened_at, r.submitted_at) + INTERVAL '2 days', coalesce(r.opened_at, r.submitted_at) + INTERVAL '5 days',
       CASE WHEN n % 3 = 0 THEN coalesce(r.opened_at, r.submitted_at) + INTERVAL '40 days' END,
       CASE WHEN n % 30 = 0 THEN 5 END, CASE WHEN n % 30 = 0 THEN 'Delivered' END,
       CASE WHEN n % 30 = 0 THEN 'Good practice ' || n END, CASE WHEN n % 30 = 0 THEN $3::uuid END,
       CASE WHEN n % 30 = 0 THEN coalesce(r.opened_at, r.submitted_at) + INTERVAL '50 days' END, 1, $3
     FROM generate_series($1::bigint, $2::bigint) AS n
     JOIN assistance_request r ON r.reference = 'REQ-2026-' || lpad((n * 2 - 1)::text, 6, '0')
     JOIN assistance_offer o ON o.reference = 'OFF-2026-' || lpad((1 + n % 1000)::text, 6, '0')`,
      [first, last, creator],
    ),
  );
  const auditBatch = 100_000;
  await inBatches('generating audit events', auditEvents, auditBatch, (first, last) =>
    pool.query(
      `INSERT INTO audit_event (sequence, entity_type, entity_id, action, actor_id, at, payload, previous_hash, hash)
     SELECT n, 'AssistanceRequest', md5(n::text), 'GENERATED', NULL, TIMESTAMPTZ '2026-01-01' + n * INTERVAL '1 second', '{}',
       md5((n - 1)::text) || md5((n - 1)::text), md5(n::text) || md5(n::text)
     FROM generate_series($1::bigint, $2::bigint) AS n`,
      [first + 1_000_000_000, last + 1_000_000_000],
    ),
  );
  await pool.query('VACUUM (ANALYZE)');
}

/**
 * Generates a marketplace for matching rounds: `requests` OPEN requests and `offers` PUBLISHED
 * offers (capacity 1 to 3) in 504 clusters of one sector and one eligible State each, so every
 * request has about offers / 504 candidate offers (20 for 10,000 offers); other attributes are drawn
 * at random (seeded). Returns the coordinator's e-mail.
 */
export async function generateClusteredMarketplace(
  pool: pg.Pool,
  requests: number,
  offers: number,
  password: string,
): Promise<string> {
  const clusters = 504; // 12 sectors × 42 States
  return seededMarketplace(pool, async (client) => {
    const { rows: states } = await client.query<{ code: string; region: string }>(
      `SELECT code, region FROM member_state ORDER BY code LIMIT 42`,
    );
    const { rows: orgs } = await client.query<{ id: string }>(
      `INSERT INTO organization (name, kind, member_state_code)
       SELECT 'Round org ' || code, 'MEMBER_STATE', code FROM unnest($1::text[]) AS code RETURNING id`,
      [states.map((s) => s.code)],
    );
    const email = 'round-coordinator@bench.example';
    const { rows: users } = await client.query<{ id: string }>(
      `INSERT INTO app_user (email, display_name, password_hash, roles)
       VALUES ($1, 'Round coordinator', $2, '{COORDINATOR}') RETURNING id`,
      [email, await hashPassword(password)],
    );
    const creator = users[0]?.id;
    const sector = (n: string) => `(enum_range(NULL::infrastructure_sector))[1 + (${n}) % ${clusters} % 12]`;
    const state = (n: string) => `($3::text[])[1 + (${n}) % ${clusters} / 12]`;
    const type = `(enum_range(NULL::assistance_type))[1 + floor(random() * 8)::int]`;
    const batch = 5000;
    await inBatches('generating offers', offers, batch, (first, last) =>
      client.query(
        `INSERT INTO assistance_offer (reference, title, description, provider_organization_id, sectors,
         assistance_types, protection_streams, phases, mandate_paragraph, eligible_regions, eligible_state_codes, languages,
         delivery_modes, available_from, available_until, capacity, remaining_capacity, budget_amount, budget_currency,
         confidentiality, status, version, created_by, published_at)
       SELECT 'OFF-2026-' || lpad(n::text, 6, '0'), 'Offer ' || n, 'Generated offer ' || n,
         ($4::uuid[])[1 + n % 42], ARRAY[${sector('n')}], ARRAY[${type}], '{}', '{}',
         (enum_range(NULL::mandate_paragraph))[1 + floor(random() * 3)::int], '{}', ARRAY[${state('n')}],
         CASE WHEN random() < 0.5 THEN '{en}'::text[] ELSE '{en,fr}'::text[] END, '{REMOTE}',
         DATE '2027-01-01' + floor(random() * 200)::int, DATE '2027-06-01' + floor(random() * 400)::int,
         1 + n % 3, 1 + n % 3, (50000 + floor(random() * 100) * 1000)::numeric, 'USD', 'PUBLIC', 'PUBLISHED', 1, $5, now()
       FROM generate_series($1::bigint, $2::bigint) AS n`,
        [first, last, states.map((s) => s.code), orgs.map((o) => o.id), creator],
      ),
    );
    await inBatches('generating requests', requests, batch, (first, last) =>
      client.query(
        `INSERT INTO assistance_request (reference, title, description, requesting_organization_id,
         beneficiary_state_codes, beneficiary_regions, sectors, assistance_types, protection_streams, phases,
         mandate_paragraphs, priority, confidentiality, languages, delivery_modes, desired_start, desired_end,
         budget_amount, budget_currency, status, version, created_by, submitted_at, opened_at)
       SELECT 'REQ-2026-' || lpad(n::text, 6, '0'), 'Need ' || n, 'Generated need ' || n,
         ($4::uuid[])[1 + n % ${clusters} / 12], ARRAY[${state('n')}], ARRAY[($6::text[])[1 + n % ${clusters} / 12]],
         ARRAY[${sector('n')}], ARRAY[${type}], '{}', '{}', '{}', 'MEDIUM', 'PUBLIC', '{en}', '{}',
         DATE '2027-03-01' + floor(random() * 100)::int, DATE '2027-09-01' + floor(random() * 100)::int,
         80000, 'USD', 'OPEN', 1, $5, now(), now()
       FROM generate_series($1::bigint, $2::bigint) AS n`,
        [first, last, states.map((s) => s.code), orgs.map((o) => o.id), creator, states.map((s) => s.region)],
      ),
    );
    return email;
  });
}
