import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795802686692 implements MigrationInterface {
  name = 'Foundation1795802686692';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_event" ("sequence" bigint NOT NULL, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "action" text NOT NULL, "actor_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "payload" jsonb, "previous_hash" character(64), "hash" character(64) NOT NULL, CONSTRAINT "PK_66828d3e1b4bbb935f84fdf5447" PRIMARY KEY ("sequence"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f2b87f89a4ba59e976c635a553" ON "audit_event"  ("entity_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_f44b7e9c0d50176bc07e018f63" ON "audit_event"  ("actor_id") `);
    await queryRunner.query(
      `CREATE TABLE "login_failure" ("id" BIGSERIAL NOT NULL, "email" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ip" text, CONSTRAINT "PK_5df78140d5d3f4afc249d879cdf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d70500e3933248a02973225f31" ON "login_failure"  ("email", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "secret_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "spent_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6bbe63d2fe75e7f0ba1710351d" ON "refresh_token"  ("user_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_eb31f2a7917404a46e17f539f1" ON "refresh_token"  ("family_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "member_state" ("code" character(3) NOT NULL, "name" text NOT NULL, "region" text NOT NULL, "sub_region" text, "un_member" boolean NOT NULL, CONSTRAINT "PK_b6b12f33d9b8fbe37ed19f7d2ce" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8c0afda0f979b77aa7adf044ee" ON "member_state"  ("region") `);
    await queryRunner.query(
      `CREATE TYPE "public"."organization_kind" AS ENUM('MEMBER_STATE', 'UN_ENTITY', 'INTERNATIONAL_ORGANIZATION', 'REGIONAL_ORGANIZATION', 'PRIVATE_SECTOR', 'CIVIL_SOCIETY')`,
    );
    await queryRunner.query(
      `CREATE TABLE "organization" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "kind" "public"."organization_kind" NOT NULL, "member_state_code" character(3), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_472c1f99a32def1b0abb219cd67" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6adcbca2fe346f3f07750f4a40" ON "organization"  ("kind") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_df73ad15cccf7c893a89c2daba" ON "organization"  ("member_state_code") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."role" AS ENUM('ADMIN', 'COORDINATOR', 'REQUESTER', 'PROVIDER', 'CTC_OBSERVER')`,
    );
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "roles" "public"."role" array NOT NULL, "organization_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "app_user_email_unique" ON "app_user"  ("email") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_c4c90a083fb10c1386782b5aac" ON "app_user"  ("organization_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "organization" ADD CONSTRAINT "FK_df73ad15cccf7c893a89c2daba9" FOREIGN KEY ("member_state_code") REFERENCES "member_state"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "FK_c4c90a083fb10c1386782b5aac5" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Organization names are unique regardless of case.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "organization_name_unique" ON "organization" (lower("name"))`,
    );
    // The audit log is append-only: the database itself refuses updates, deletes and truncation.
    await queryRunner.query(`CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_event_no_truncate" ON "audit_event"`);
    await queryRunner.query(`DROP TRIGGER "audit_event_append_only" ON "audit_event"`);
    await queryRunner.query(`DROP FUNCTION audit_event_refuse_change()`);
    await queryRunner.query(`DROP INDEX "public"."organization_name_unique"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_c4c90a083fb10c1386782b5aac5"`);
    await queryRunner.query(`ALTER TABLE "organization" DROP CONSTRAINT "FK_df73ad15cccf7c893a89c2daba9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c4c90a083fb10c1386782b5aac"`);
    await queryRunner.query(`DROP INDEX "public"."app_user_email_unique"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP TYPE "public"."role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_df73ad15cccf7c893a89c2daba"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6adcbca2fe346f3f07750f4a40"`);
    await queryRunner.query(`DROP TABLE "organization"`);
    await queryRunner.query(`DROP TYPE "public"."organization_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8c0afda0f979b77aa7adf044ee"`);
    await queryRunner.query(`DROP TABLE "member_state"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eb31f2a7917404a46e17f539f1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6bbe63d2fe75e7f0ba1710351d"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d70500e3933248a02973225f31"`);
    await queryRunner.query(`DROP TABLE "login_failure"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f44b7e9c0d50176bc07e018f63"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f2b87f89a4ba59e976c635a553"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
  }
}
