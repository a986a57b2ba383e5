export * from './generated/node-configs';
export { nodeSchemas, commonSchemas, flowSchema } from './generated/node-schemas';
export * from './catalogue';
export * from './issues';
export * from './flow-types';
export { validateDraft, validateForPublish, type DraftValidation, type PublishValidation } from './validate-flow';
export { isValidConfig } from './node-config-validator';
export { importChatBoost, ChatBoostImportError, type ChatBoostImport } from './import-chatboost';
