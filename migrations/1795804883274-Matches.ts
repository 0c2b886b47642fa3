import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Matches1795804883274 implements MigrationInterface {
  name = 'Matches1795804883274';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."match_status" AS ENUM('PROPOSED', 'AGREED', 'IN_DELIVERY', 'DELIVERED', 'DECLINED', 'CANCELLED')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."party_decision" AS ENUM('PENDING', 'ACCEPTED', 'DECLINED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "match" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference_number" bigint NOT NULL, "reference" text NOT NULL, "request_id" uuid NOT NULL, "offer_id" uuid NOT NULL, "requesting_organization_id" uuid NOT NULL, "provider_organization_id" uuid NOT NULL, "score" double precision NOT NULL, "score_breakdown" jsonb NOT NULL, "status" "public"."match_status" NOT NULL, "requester_decision" "public"."party_decision" NOT NULL, "provider_decision" "public"."party_decision" NOT NULL, "mandate_paragraph" "public"."mandate_paragraph" NOT NULL, "note" text, "proposed_by" uuid NOT NULL, "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "agreed_at" TIMESTAMP WITH TIME ZONE, "delivery_started_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "evaluation_rating" smallint, "evaluation_outcome" text, "evaluation_good_practice" text, "evaluation_lessons" text, "evaluated_by" uuid, "evaluated_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_by" uuid NOT NULL, "idempotency_key" text, "idempotency_fingerprint" character(64), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_92b6c3a6631dd5b24a67c69f69d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_be0462aa87bf259dd6090a41e3" ON "match"  ("reference_number") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_25015363da16713ee7c726f78f" ON "match"  ("reference") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_303300dcdcab1123d821848ec4" ON "match"  ("request_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_04e4fcd63ff0a4800a4baf2789" ON "match"  ("offer_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_9ee3727d6d13fa69fd2e9d015f" ON "match"  ("requesting_organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_17e7841c01891db06c7db43cf0" ON "match"  ("provider_organization_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6f1b31f41af9206d0b3ac8d44e" ON "match"  ("status") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "match_idempotency" ON "match"  ("created_by", "idempotency_key") WHERE "idempotency_key" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "match_live_pair" ON "match"  ("request_id", "offer_id") WHERE "status" IN ('PROPOSED', 'AGREED', 'IN_DELIVERY')`,
    );
    await queryRunner.query(`CREATE SEQUENCE "match_reference_seq"`);
    // Evaluations: ratings 1..5; capacity held by a match is counted from its status.
    await queryRunner.query(
      `ALTER TABLE "match" ADD CONSTRAINT "match_rating" CHECK ("evaluation_rating" IS NULL OR "evaluation_rating" BETWEEN 1 AND 5)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "match" DROP CONSTRAINT "match_rating"`);
    await queryRunner.query(`DROP SEQUENCE "match_reference_seq"`);
    await queryRunner.query(`DROP INDEX "public"."match_live_pair"`);
    await queryRunner.query(`DROP INDEX "public"."match_idempotency"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6f1b31f41af9206d0b3ac8d44e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_17e7841c01891db06c7db43cf0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9ee3727d6d13fa69fd2e9d015f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_04e4fcd63ff0a4800a4baf2789"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_303300dcdcab1123d821848ec4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_25015363da16713ee7c726f78f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_be0462aa87bf259dd6090a41e3"`);
    await queryRunner.query(`DROP TABLE "match"`);
    await queryRunner.query(`DROP TYPE "public"."party_decision"`);
    await queryRunner.query(`DROP TYPE "public"."match_status"`);
  }
}
