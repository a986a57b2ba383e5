import { loadConfig } from './app/config';
import { startBotloom } from './app/compose';

const botloom = await startBotloom(loadConfig());
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    botloom.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
