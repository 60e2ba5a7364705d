export { createLogger, type Logger } from '../../../libs/shared/logger';
export const LOGGER = Symbol('LOGGER');
