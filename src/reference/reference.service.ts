import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors.js';
import { projectRoot } from '../common/project-root.js';
import { MemberState } from './member-state.entity.js';
import { ENUM_VOCABULARIES, Vocabulary } from './vocabulary.js';

export const M49_REGIONS = ['Africa', 'Americas', 'Asia', 'Europe', 'Oceania'] as const;

/**
 * Reference data: the 193 UN Member States and the 2 observer States with their UN M49 regions,
 * upserted from seeds/member-states.json at every start (idempotent) and served from memory.
 */
@Injectable()
export class ReferenceService implements OnModuleInit {
  private readonly logger = new Logger(ReferenceService.name);
  private states: MemberState[] = [];
  private byCode = new Map<string, MemberState>();

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const file = path.join(projectRoot(), 'seeds', 'member-states.json');
    const seed = JSON.parse(await readFile(file, 'utf8')) as MemberState[];
    await this.dataSource.query(
      `INSERT INTO member_state (code, name, region, sub_region, un_member, alpha2, names)
       SELECT * FROM unnest($1::char(3)[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::char(2)[], $7::jsonb[])
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, region = EXCLUDED.region,
         sub_region = EXCLUDED.sub_region, un_member = EXCLUDED.un_member, alpha2 = EXCLUDED.alpha2,
         names = EXCLUDED.names
       WHERE (member_state.name, member_state.region, member_state.sub_region, member_state.un_member,
              member_state.alpha2, member_state.names)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.region, EXCLUDED.sub_region, EXCLUDED.un_member,
              EXCLUDED.alpha2, EXCLUDED.names)`,
      [
        seed.map((s) => s.code),
        seed.map((s) => s.name),
        seed.map((s) => s.region),
        seed.map((s) => s.subRegion),
        seed.map((s) => s.unMember),
        seed.map((s) => s.alpha2),
        seed.map((s) => JSON.stringify(s.names)),
      ],
    );
    this.states = await this.dataSource.getRepository(MemberState).find({ order: { name: 'ASC' } });
    this.byCode = new Map(this.states.map((s) => [s.code, s]));
    this.logger.log(`reference data: ${this.states.length} States`);
  }

  memberStates(region?: string | null): MemberState[] {
    if (region === undefined || region === null) return this.states;
    if (!(M49_REGIONS as readonly string[]).includes(region)) {
      throw DomainError.badInput('region', `must be one of ${M49_REGIONS.join(', ')}`);
    }
    return this.states.filter((s) => s.region === region);
  }

  /** The terms of a vocabulary: an enum's values, or the regions and sub-regions of the reference data. */
  vocabularyTerms(name: Vocabulary): string[] {
    if (name === Vocabulary.REGION) return [...M49_REGIONS];
    if (name === Vocabulary.SUB_REGION)
      return [...new Set(this.states.flatMap((s) => (s.subRegion ? [s.subRegion] : [])))].sort();
    return Object.values(ENUM_VOCABULARIES[name]) as string[];
  }

  memberState(code: string): MemberState | undefined {
    return this.byCode.get(code.toUpperCase());
  }
}
