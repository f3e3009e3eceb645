import { DagwalletError } from '../errors.ts';

export const ConfigErrorCode = {
  UNKNOWN_NETWORK: 'UNKNOWN_NETWORK',
  /** The config file is not JSON, or a field has the wrong type or an unknown name. */
  BAD_CONFIG: 'BAD_CONFIG',
  /** A flag's value does not parse (a port that is not a number, threads below 0, …). */
  BAD_VALUE: 'BAD_VALUE',
} as const;
export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

/** A node configuration (file or flags) that cannot be used; the message names the field. */
export class ConfigError extends DagwalletError<ConfigErrorCode> {}
