import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Deadlines1796659437889 implements MigrationInterface {
  name = 'Deadlines1796659437889';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reminder" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_id" uuid NOT NULL, "kind" text NOT NULL, "waiting_since" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9ec029d17cb8dece186b9221ede" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "reminder_once" ON "reminder"  ("subject_id", "kind", "waiting_since") `,
    );
    await queryRunner.query(`ALTER TYPE "public"."match_status" ADD VALUE 'EXPIRED'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."match_status_old" AS ENUM('PROPOSED', 'AGREED', 'IN_DELIVERY', 'DELIVERED', 'DECLINED', 'CANCELLED')`,
    );
    await queryRunner.query(
      `ALTER TABLE "match" ALTER COLUMN "status" TYPE "public"."match_status_old" USING "status"::"text"::"public"."match_status_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."match_status"`);
    await queryRunner.query(`ALTER TYPE "public"."match_status_old" RENAME TO "match_status"`);
    await queryRunner.query(`DROP INDEX "public"."reminder_once"`);
    await queryRunner.query(`DROP TABLE "reminder"`);
  }
}
