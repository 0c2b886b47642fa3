import { DataSource, In } from 'typeorm';
import { readLayer } from '../src/database/kysely.js';
import { type MarketSide, OFFERS, REQUESTS } from '../src/matching/reads/market-rows.js';
import { AssistanceOffer } from '../src/offers/assistance-offer.entity.js';
import { AssistanceRequest } from '../src/requests/assistance-request.entity.js';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * Matching reads requests and offers through its own column reads (src/matching/reads): the
 * entities must equal the ORM's, with every column set and with every nullable column null,
 * timestamps with microseconds and before 1970 included.
 */
describe("matching's reads of requests and offers (e2e)", () => {
  let t: TestApp;
  let dataSource: DataSource;
  let organizationId: string;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
    [{ id: organizationId }] = (await dataSource.query(
      `INSERT INTO organization (name, kind, member_state_code) VALUES ('Reads org', 'MEMBER_STATE', 'KEN') RETURNING id`,
    )) as { id: string }[];
    [{ id: userId }] = (await dataSource.query(
      `INSERT INTO app_user (email, display_name, password_hash, roles) VALUES ('reads@example.org', 'Reads', 'x', '{COORDINATOR}') RETURNING id`,
    )) as { id: string }[];
  });
  afterAll(() => t.close());

  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
  /** Inserts one row owned by the test's organization and user ($1, $2), and returns its id. */
  const insert = async (text: string): Promise<string> =>
    ((await dataSource.query(text, [organizationId, userId])) as { id: string }[])[0]!.id;

  /** The rows of `ids` read by matching equal the ORM's, as instances of the entity. */
  async function expectReadAsOrm<T extends { id: string }>(
    side: MarketSide<T>,
    entity: new () => T,
    ids: string[],
  ): Promise<T[]> {
    const [read, orm] = await Promise.all([
      side.readByIds(readLayer(dataSource), ids),
      dataSource.getRepository<T>(entity).findBy({ id: In(ids) } as never),
    ]);
    expect(orm).toHaveLength(ids.length);
    expect(byId(read)).toEqual(byId(orm));
    expect(read.every((row) => row instanceof entity)).toBe(true);
    return read;
  }

  it('reads requests as the ORM finds them', async () => {
    const full = await insert(
      `INSERT INTO assistance_request (reference, title, description, requesting_organization_id,
         beneficiary_state_codes, beneficiary_regions, sectors, assistance_types, protection_streams, phases,
         mandate_paragraphs, priority, confidentiality, languages, delivery_modes, desired_start, desired_end,
         budget_amount, budget_currency, cted_recommendation_ref, status, version, created_by, idempotency_key,
         idempotency_fingerprint, created_at, updated_at, submitted_at, opened_at)
       VALUES ('REQ-READS-1', 'Full "quoted" \\ title', 'Vérifié — ok', $1, '{KEN,NGA}', '{Africa}',
         '{ENERGY,WATER_SUPPLY}', '{TRAINING}', '{CYBERSECURITY,PLANNING}', '{PREVENTION}', '{PARAGRAPH_9}',
         'HIGH', 'RESTRICTED', '{en,"fr ca"}', '{IN_PERSON,HYBRID}', '2027-01-02', '2027-12-31', 12345.678,
         'USD', 'REC-1', 'OPEN', 7, $2, 'key-1', repeat('a', 64), '2026-01-02T03:04:05.678Z',
         '2026-01-02T03:04:05.678901Z', '1969-12-31T23:59:59.999999Z', '2026-02-03T04:05:06Z')
       RETURNING id`,
    );
    const empty = await insert(
      `INSERT INTO assistance_request (reference, title, description, requesting_organization_id,
         beneficiary_state_codes, beneficiary_regions, sectors, assistance_types, protection_streams, phases,
         mandate_paragraphs, priority, confidentiality, languages, delivery_modes, status, created_by)
       VALUES ('REQ-READS-2', '', '', $1, '{}', '{}', '{}', '{}', '{}', '{}', '{}', 'LOW', 'PUBLIC', '{}', '{}',
         'DRAFT', $2)
       RETURNING id`,
    );
    const read = await expectReadAsOrm(REQUESTS, AssistanceRequest, [full, empty]);
    expect(read.find((row) => row.id === empty)?.desiredStart).toBeNull();
  });

  it('reads offers as the ORM finds them', async () => {
    const full = await insert(
      `INSERT INTO assistance_offer (reference, title, description, provider_organization_id, sectors,
         assistance_types, protection_streams, phases, mandate_paragraph, eligible_regions, eligible_state_codes,
         languages, delivery_modes, available_from, available_until, capacity, remaining_capacity,
         budget_amount, budget_currency, confidentiality, status, version, created_by, idempotency_key,
         idempotency_fingerprint, created_at, updated_at, published_at)
       VALUES ('OFF-READS-1', 'Full', 'Vérifié — ok', $1, '{ENERGY}', '{TRAINING,PROGRAMME}', '{PLANNING}',
         '{RESPONSE,RECOVERY}', 'PARAGRAPH_11', '{Africa,Asia}', '{KEN}', '{en}', '{REMOTE}', '2027-01-01',
         '2028-02-29', 3, 2, 0.5, 'EUR', 'CONFIDENTIAL', 'PUBLISHED', 2, $2, 'key-2', repeat('b', 64),
         '2026-01-02T03:04:05.678Z', '2026-03-04T05:06:07.891234Z', '1960-06-01T00:00:00.000001Z')
       RETURNING id`,
    );
    const empty = await insert(
      `INSERT INTO assistance_offer (reference, title, description, provider_organization_id, sectors,
         assistance_types, protection_streams, phases, mandate_paragraph, eligible_regions, eligible_state_codes,
         languages, delivery_modes, capacity, remaining_capacity, confidentiality, status, created_by)
       VALUES ('OFF-READS-2', '', '', $1, '{}', '{}', '{}', '{}', 'PARAGRAPH_9', '{}', '{}', '{}', '{}', 1, 0,
         'PUBLIC', 'DRAFT', $2)
       RETURNING id`,
    );
    const read = await expectReadAsOrm(OFFERS, AssistanceOffer, [full, empty]);
    expect(read.find((row) => row.id === empty)?.publishedAt).toBeNull();
  });

  it('reads nothing for no ids', async () => {
    expect(await REQUESTS.readByIds(readLayer(dataSource), [])).toEqual([]);
  });
});
