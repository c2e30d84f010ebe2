// Imported first by every benchmark: n8n-core reads these when it loads (as test/setupEnv.ts does for jest).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'st-bench-n8n-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_ENCRYPTION_KEY ??= 'benchmark-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
