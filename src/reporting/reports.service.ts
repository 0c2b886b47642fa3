import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../viewer/viewer.js';
import { canonicalJson } from '../common/canonical-json.js';
import { DomainError } from '../common/errors.js';
import { title as titleRule } from '../common/input-rules.js';
import { isUuid } from '../common/validation.js';
import { CtcReportRecord } from './ctc-report.entity.js';
import { renderCsv, renderMarkdown } from './renderers.js';
import type { SummaryData } from './summary.js';
import { type Period, SummaryService } from './summary.service.js';

/** A stored report with its summary parsed and its renderings, all from the frozen JSON. */
export interface FrozenReport {
  record: CtcReportRecord;
  summary: SummaryData;
  csv: string;
  markdown: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Frozen, hashed reports to the Counter-Terrorism Committee; never recomputed, never changed. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly summaries: SummaryService,
    private readonly audit: AuditService,
  ) {}

  async generate(viewer: Viewer, title: string, period: Period): Promise<FrozenReport> {
    const cleanTitle = titleRule(title, 'input.title');
    const record = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      // One snapshot: every figure of the summary sees the same data.
      const summary = await this.summaries.summary(period, manager);
      const json = canonicalJson(summary);
      const [row] = (await manager.query(`SELECT nextval('ctc_report_reference_seq')::text AS n`)) as {
        n: string;
      }[];
      const reference = `CTC-${new Date().getUTCFullYear()}-${(row?.n ?? '0').padStart(3, '0')}`;
      const saved = await manager.save(
        manager.create(CtcReportRecord, {
          reference,
          title: cleanTitle,
          periodFrom: summary.period.from,
          periodTo: summary.period.to,
          generatedAt: new Date(Date.now()),
          generatedBy: viewer.id,
          summaryJson: json,
          sha256: sha256(json),
        }),
      );
      await this.audit.append(manager, {
        entityType: 'CtcReport',
        entityId: saved.id,
        action: 'CTC_REPORT_GENERATED',
        actorId: viewer.id,
        payload: { reference, sha256: saved.sha256, period: summary.period },
      });
      return saved;
    });
    return frozen(record);
  }

  async list(): Promise<FrozenReport[]> {
    const records = await this.dataSource
      .getRepository(CtcReportRecord)
      .find({ order: { generatedAt: 'DESC', reference: 'DESC' } });
    return records.map(frozen);
  }

  async get(id: string): Promise<FrozenReport> {
    const record = isUuid(id)
      ? await this.dataSource.getRepository(CtcReportRecord).findOne({ where: { id } })
      : null;
    if (!record) throw DomainError.notFound('Report');
    return frozen(record);
  }
}

/** Everything shown of a report comes from its stored JSON; the hash is checked on every read. */
export function frozen(record: CtcReportRecord): FrozenReport {
  if (sha256(record.summaryJson) !== record.sha256) {
    throw new Error(`CTC report ${record.reference} does not match its sha256`);
  }
  const summary = JSON.parse(record.summaryJson) as SummaryData;
  const header = {
    reference: record.reference,
    title: record.title,
    generatedAt: record.generatedAt.toISOString(),
    sha256: record.sha256,
  };
  return { record, summary, csv: renderCsv(summary), markdown: renderMarkdown(summary, header) };
}
