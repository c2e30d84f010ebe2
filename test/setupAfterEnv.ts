// n8n-core's SSH client manager (created with the first node context) keeps a 60 s interval alive;
// n8n stops it at shutdown, so the tests do the same once a file is done.
import { Container } from '@n8n/di';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

afterAll(() => {
	if (Container.has(SSHClientsManager)) Container.get(SSHClientsManager).onShutdown();
});
