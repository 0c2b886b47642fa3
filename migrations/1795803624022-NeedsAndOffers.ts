import type { MigrationInterface, QueryRunner } from 'typeorm';

const GIN_INDEXES = [
  ['assistance_request_beneficiary_states', 'assistance_request', 'beneficiary_state_codes'],
  ['assistance_request_beneficiary_regions', 'assistance_request', 'beneficiary_regions'],
  ['assistance_request_sectors', 'assistance_request', 'sectors'],
  ['assistance_request_assistance_types', 'assistance_request', 'assistance_types'],
  ['assistance_request_mandate_paragraphs', 'assistance_request', 'mandate_paragraphs'],
  ['assistance_request_search', 'assistance_request', 'search'],
  ['assistance_offer_sectors', 'assistance_offer', 'sectors'],
  ['assistance_offer_assistance_types', 'assistance_offer', 'assistance_types'],
  ['assistance_offer_eligible_regions', 'assistance_offer', 'eligible_regions'],
  ['assistance_offer_eligible_states', 'assistance_offer', 'eligible_state_codes'],
  ['assistance_offer_search', 'assistance_offer', 'search'],
] as const;

export class NeedsAndOffers1795803624022 implements MigrationInterface {
  name = 'NeedsAndOffers1795803624022';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // TypeORM keeps the expressions of generated columns (the search vectors below) in this table.
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."infrastructure_sector" AS ENUM('ENERGY', 'AIR_TRANSPORT', 'LAND_TRANSPORT', 'MARITIME_TRANSPORT', 'BANKING_AND_FINANCE', 'WATER_SUPPLY', 'FOOD_DISTRIBUTION', 'PUBLIC_HEALTH', 'INTERNET_AND_ICT', 'TOURISM', 'VULNERABLE_TARGETS', 'CROSS_SECTOR')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."assistance_type" AS ENUM('CAPACITY_DEVELOPMENT', 'TRAINING', 'RESOURCES_AND_EQUIPMENT', 'TECHNICAL_ASSISTANCE', 'TECHNOLOGY_TRANSFER', 'PROGRAMME', 'AWARENESS_RAISING', 'LEGISLATIVE_ASSISTANCE')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."protection_stream" AS ENUM('PLANNING', 'PUBLIC_INFORMATION_AND_WARNING', 'OPERATIONAL_COORDINATION', 'INTELLIGENCE_AND_INFORMATION_SHARING', 'INTERDICTION_AND_DISRUPTION', 'SCREENING_SEARCH_AND_DETECTION', 'ACCESS_CONTROL_AND_IDENTITY_VERIFICATION', 'CYBERSECURITY', 'PHYSICAL_PROTECTIVE_MEASURES', 'RISK_MANAGEMENT', 'SUPPLY_CHAIN_INTEGRITY_AND_SECURITY')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."preparedness_phase" AS ENUM('PREVENTION', 'PROTECTION', 'MITIGATION', 'PREPAREDNESS', 'INVESTIGATION', 'RESPONSE', 'RECOVERY')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."mandate_paragraph" AS ENUM('PARAGRAPH_9', 'PARAGRAPH_11', 'PARAGRAPH_12')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."priority" AS ENUM('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')`);
    await queryRunner.query(
      `CREATE TYPE "public"."confidentiality" AS ENUM('PUBLIC', 'RESTRICTED', 'CONFIDENTIAL')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."delivery_mode" AS ENUM('IN_PERSON', 'REMOTE', 'HYBRID')`);
    await queryRunner.query(
      `CREATE TYPE "public"."request_status" AS ENUM('DRAFT', 'SUBMITTED', 'UNDER_REVIEW', 'CHANGES_REQUESTED', 'OPEN', 'MATCHED', 'IN_DELIVERY', 'COMPLETED', 'WITHDRAWN', 'REJECTED', 'CLOSED')`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), $1, $2, $3, $4)`,
      [
        'assistance_request',
        'GENERATED_COLUMN',
        'search',
        "setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')",
      ],
    );
    await queryRunner.query(
      `CREATE TABLE "assistance_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference_number" bigint NOT NULL, "reference" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "requesting_organization_id" uuid NOT NULL, "beneficiary_state_codes" text array NOT NULL, "beneficiary_regions" text array NOT NULL, "sectors" "public"."infrastructure_sector" array NOT NULL, "assistance_types" "public"."assistance_type" array NOT NULL, "protection_streams" "public"."protection_stream" array NOT NULL, "phases" "public"."preparedness_phase" array NOT NULL, "mandate_paragraphs" "public"."mandate_paragraph" array NOT NULL, "priority" "public"."priority" NOT NULL, "confidentiality" "public"."confidentiality" NOT NULL, "languages" text array NOT NULL, "delivery_modes" "public"."delivery_mode" array NOT NULL, "desired_start" date, "desired_end" date, "budget_amount" numeric, "budget_currency" character(3), "cted_recommendation_ref" text, "status" "public"."request_status" NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_by" uuid NOT NULL, "idempotency_key" text, "idempotency_fingerprint" character(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "submitted_at" TIMESTAMP WITH TIME ZONE, "opened_at" TIMESTAMP WITH TIME ZONE, "search" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')) STORED NOT NULL, CONSTRAINT "PK_25ec0e8a829c333bd1e5bb9bec9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_f32500743d4b40989719c63be3" ON "assistance_request"  ("reference_number") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_5fde3d1b75f81d564404cc7ed3" ON "assistance_request"  ("reference") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b82ec69cdfa0ac00ab80fbd3c3" ON "assistance_request"  ("requesting_organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6bd3a8ec2305e98e2e412a881b" ON "assistance_request"  ("status") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "assistance_request_idempotency" ON "assistance_request"  ("created_by", "idempotency_key") WHERE "idempotency_key" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."offer_status" AS ENUM('DRAFT', 'PUBLISHED', 'PAUSED', 'EXHAUSTED', 'CLOSED', 'WITHDRAWN')`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), $1, $2, $3, $4)`,
      [
        'assistance_offer',
        'GENERATED_COLUMN',
        'search',
        "setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')",
      ],
    );
    await queryRunner.query(
      `CREATE TABLE "assistance_offer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference_number" bigint NOT NULL, "reference" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "provider_organization_id" uuid NOT NULL, "sectors" "public"."infrastructure_sector" array NOT NULL, "assistance_types" "public"."assistance_type" array NOT NULL, "protection_streams" "public"."protection_stream" array NOT NULL, "phases" "public"."preparedness_phase" array NOT NULL, "mandate_paragraph" "public"."mandate_paragraph" NOT NULL, "eligible_regions" text array NOT NULL, "eligible_state_codes" text array NOT NULL, "languages" text array NOT NULL, "delivery_modes" "public"."delivery_mode" array NOT NULL, "available_from" date, "available_until" date, "capacity" integer NOT NULL, "remaining_capacity" integer NOT NULL, "budget_amount" numeric, "budget_currency" character(3), "confidentiality" "public"."confidentiality" NOT NULL, "status" "public"."offer_status" NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_by" uuid NOT NULL, "idempotency_key" text, "idempotency_fingerprint" character(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "search" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')) STORED NOT NULL, CONSTRAINT "assistance_offer_capacity" CHECK ("capacity" >= 1 AND "remaining_capacity" >= 0 AND "remaining_capacity" <= "capacity"), CONSTRAINT "PK_fb763dae28c73720f29bda410da" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_913ae784f3af8f5a7dce4048dd" ON "assistance_offer"  ("reference_number") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_0ec0dcee36be98c4bf0e6b10a0" ON "assistance_offer"  ("reference") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_548467c6457312311628cf6236" ON "assistance_offer"  ("provider_organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8b60e41bdc857a333a5ead7859" ON "assistance_offer"  ("mandate_paragraph") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7e48921d48ef52ca654fd6b14c" ON "assistance_offer"  ("status") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "assistance_offer_idempotency" ON "assistance_offer"  ("created_by", "idempotency_key") WHERE "idempotency_key" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "status_change" ("id" BIGSERIAL NOT NULL, "entity_type" text NOT NULL, "entity_id" uuid NOT NULL, "from_status" text, "to_status" text NOT NULL, "action" text NOT NULL, "actor_id" uuid, "reason" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c24e2142db7320c7da70a806f45" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_51ec36e5bb5d08ddecead45b99" ON "status_change"  ("entity_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_type" text NOT NULL, "subject_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0b0e4bbc8415ec426f87f3a88e2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_cabe2e5911dfa17157e19fa35e" ON "comment"  ("subject_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" text NOT NULL, "message" text NOT NULL, "subject_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_73bfce92922b5fdb3c378fc8b9" ON "notification"  ("user_id", "created_at") `,
    );
    // Human references REQ-YYYY-NNNNNN / OFF-YYYY-NNNNNN take their numbers from these.
    await queryRunner.query(`CREATE SEQUENCE "assistance_request_reference_seq"`);
    await queryRunner.query(`CREATE SEQUENCE "assistance_offer_reference_seq"`);
    // GIN indexes for array overlap/containment filters and full-text search.
    for (const [name, table, column] of GIN_INDEXES) {
      await queryRunner.query(`CREATE INDEX "${name}" ON "${table}" USING GIN ("${column}")`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of GIN_INDEXES) await queryRunner.query(`DROP INDEX "${name}"`);
    await queryRunner.query(`DROP SEQUENCE "assistance_offer_reference_seq"`);
    await queryRunner.query(`DROP SEQUENCE "assistance_request_reference_seq"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_73bfce92922b5fdb3c378fc8b9"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cabe2e5911dfa17157e19fa35e"`);
    await queryRunner.query(`DROP TABLE "comment"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_51ec36e5bb5d08ddecead45b99"`);
    await queryRunner.query(`DROP TABLE "status_change"`);
    await queryRunner.query(`DROP INDEX "public"."assistance_offer_idempotency"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7e48921d48ef52ca654fd6b14c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8b60e41bdc857a333a5ead7859"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_548467c6457312311628cf6236"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0ec0dcee36be98c4bf0e6b10a0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_913ae784f3af8f5a7dce4048dd"`);
    await queryRunner.query(`DROP TABLE "assistance_offer"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search' AND "schema" = current_schema() AND "table" = $1`,
      ['assistance_offer'],
    );
    await queryRunner.query(`DROP TYPE "public"."offer_status"`);
    await queryRunner.query(`DROP TYPE "public"."confidentiality"`);
    await queryRunner.query(`DROP TYPE "public"."delivery_mode"`);
    await queryRunner.query(`DROP TYPE "public"."mandate_paragraph"`);
    await queryRunner.query(`DROP TYPE "public"."preparedness_phase"`);
    await queryRunner.query(`DROP TYPE "public"."protection_stream"`);
    await queryRunner.query(`DROP TYPE "public"."assistance_type"`);
    await queryRunner.query(`DROP TYPE "public"."infrastructure_sector"`);
    await queryRunner.query(`DROP INDEX "public"."assistance_request_idempotency"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6bd3a8ec2305e98e2e412a881b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b82ec69cdfa0ac00ab80fbd3c3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5fde3d1b75f81d564404cc7ed3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f32500743d4b40989719c63be3"`);
    await queryRunner.query(`DROP TABLE "assistance_request"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search' AND "schema" = current_schema() AND "table" = $1`,
      ['assistance_request'],
    );
    await queryRunner.query(`DROP TYPE "public"."request_status"`);
    await queryRunner.query(`DROP TYPE "public"."priority"`);
  }
}
