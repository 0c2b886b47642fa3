import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Mail1796650904062 implements MigrationInterface {
  name = 'Mail1796650904062';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mail_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid, "to_address" text NOT NULL, "kind" text NOT NULL, "subject" text NOT NULL, "text_body" text NOT NULL, "html_body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d23285093ea237bc7632d4fcce9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_501bc4c3f513fb269cade9cb22" ON "mail_message"  ("user_id") `);
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD "notification_preferences" jsonb NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`ALTER TABLE "notification" ADD "in_digest" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "digested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "notification_digest_due" ON "notification"  ("user_id") WHERE in_digest AND digested_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."notification_digest_due"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "digested_at"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "in_digest"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "notification_preferences"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_501bc4c3f513fb269cade9cb22"`);
    await queryRunner.query(`DROP TABLE "mail_message"`);
  }
}
