import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1796100000000 implements MigrationInterface {
  name = 'Accounts1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."un_language" AS ENUM('AR', 'ZH', 'EN', 'FR', 'RU', 'ES')`);
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD "preferred_language" "public"."un_language" NOT NULL DEFAULT 'EN'`,
    );
    // Set while an ADMIN has deactivated the account; nothing the user wrote is touched.
    await queryRunner.query(`ALTER TABLE "app_user" ADD "deactivated_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "deactivated_at"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "preferred_language"`);
    await queryRunner.query(`DROP TYPE "public"."un_language"`);
  }
}
