import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditPending1796024557808 implements MigrationInterface {
  name = 'AuditPending1796024557808';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Events written by the transaction of their change, before the sequencer chains them into
    // audit_event. Rows are only inserted, and deleted by the sequencer as it seals them.
    await queryRunner.query(
      `CREATE TABLE "audit_pending" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "action" text NOT NULL, "actor_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "payload" jsonb, CONSTRAINT "PK_75e10a15f610386e81e7f88cc29" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE FUNCTION audit_pending_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_pending rows are never updated' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON "audit_pending" FOR EACH ROW EXECUTE FUNCTION audit_pending_refuse_update()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_pending_no_update" ON "audit_pending"`);
    await queryRunner.query(`DROP TABLE "audit_pending"`);
    await queryRunner.query(`DROP FUNCTION audit_pending_refuse_update()`);
  }
}
