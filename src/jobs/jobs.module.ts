import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue.js';

/** The job queue on PostgreSQL: mail delivery, reminders and the other scheduled work. */
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}
