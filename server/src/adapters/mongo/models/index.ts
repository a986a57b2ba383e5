export * from './user';
export * from './bot';
export * from './flow';
export * from './contact';
export * from './conversation';
export * from './message';
export * from './booking';
export * from './audit-log';
