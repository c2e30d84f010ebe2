// n8n-core keeps instance settings in N8N_USER_FOLDER; tests get a throwaway one and quiet logs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'st-n8n-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key-for-jest-only';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
