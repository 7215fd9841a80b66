export { AuditorConfig } from './config';
export { AuditorApp, type AuditorAppDeps } from './auditor-app';
export { AUDIT_CHECKS, runChecks } from './checks/check-table';
export type { AuditCheck, AuditInputs, Finding } from './checks/audit-check';
