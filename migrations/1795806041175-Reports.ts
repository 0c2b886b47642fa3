import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reports1795806041175 implements MigrationInterface {
  name = 'Reports1795806041175';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ctc_report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" text NOT NULL, "title" text NOT NULL, "period_from" date NOT NULL, "period_to" date NOT NULL, "generated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "generated_by" uuid NOT NULL, "summary_json" text NOT NULL, "sha256" character(64) NOT NULL, CONSTRAINT "PK_09f8847f20498d6069cb039a366" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_cbbe917e3a906ca9b50e9e00c4" ON "ctc_report"  ("reference") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3ff8945d1c238882021a825f32" ON "assistance_request"  ("submitted_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9ded20f3d2c90ad57baadc14d9" ON "assistance_request"  ("opened_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b92839239c3d8d5b32ed21c065" ON "assistance_offer"  ("published_at") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8a8fb4e97d557cd504a69be765" ON "match"  ("proposed_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_aa4a9fc9b125920e1bd2516587" ON "match"  ("agreed_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_d0f41d4466e54ffe274a5c2b32" ON "match"  ("delivered_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_8058042e52e76ad9bf8cb30657" ON "match"  ("evaluated_at") `);
    await queryRunner.query(`CREATE SEQUENCE "ctc_report_reference_seq"`);
    // Frozen reports: the database itself refuses updates and deletes.
    await queryRunner.query(`CREATE FUNCTION ctc_report_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ctc_report rows are immutable' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER ctc_report_immutable BEFORE UPDATE OR DELETE ON "ctc_report" FOR EACH ROW EXECUTE FUNCTION ctc_report_refuse_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER ctc_report_no_truncate BEFORE TRUNCATE ON "ctc_report" FOR EACH STATEMENT EXECUTE FUNCTION ctc_report_refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "ctc_report_no_truncate" ON "ctc_report"`);
    await queryRunner.query(`DROP TRIGGER "ctc_report_immutable" ON "ctc_report"`);
    await queryRunner.query(`DROP FUNCTION ctc_report_refuse_change()`);
    await queryRunner.query(`DROP SEQUENCE "ctc_report_reference_seq"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8058042e52e76ad9bf8cb30657"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d0f41d4466e54ffe274a5c2b32"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_aa4a9fc9b125920e1bd2516587"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8a8fb4e97d557cd504a69be765"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b92839239c3d8d5b32ed21c065"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9ded20f3d2c90ad57baadc14d9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3ff8945d1c238882021a825f32"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cbbe917e3a906ca9b50e9e00c4"`);
    await queryRunner.query(`DROP TABLE "ctc_report"`);
  }
}
