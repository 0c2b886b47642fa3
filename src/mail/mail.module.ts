import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { MailService } from './mail.service.js';

/** Outgoing e-mail: the outbox and its delivery through the job queue. */
@Module({ imports: [JobsModule], providers: [MailService], exports: [MailService] })
export class MailModule {}
