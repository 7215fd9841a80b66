import { Module } from '@nestjs/common';
import { AuditQueriesController } from './edges/audit-queries.controller';
import { AuditorAppHost } from './edges/auditor-app.host';

/** Root module of the auditor: the audit loop and its queries. */
@Module({ providers: [AuditorAppHost], controllers: [AuditQueriesController] })
export class AuditorModule {}
