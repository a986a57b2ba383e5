import { aiPortContract } from '../../ports/ai.contract';
import { LocalAi } from './local-ai';

aiPortContract('local model (no key)', () => new LocalAi());
