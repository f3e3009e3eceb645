import { DagwalletError } from '../../errors.ts';

export const MqttErrorCode = {
  /** The embedded broker's port is taken (another node, or a system broker). */
  PORT_IN_USE: 'PORT_IN_USE',
  /** The embedded broker could not listen for another reason (no such address, no permission). */
  LISTEN_FAILED: 'LISTEN_FAILED',
  /** An external broker's address is not an mqtt:// or mqtts:// URL naming a host. */
  BAD_URL: 'BAD_URL',
} as const;
export type MqttErrorCode = (typeof MqttErrorCode)[keyof typeof MqttErrorCode];

/** MQTT could not start as configured; publishing after the start never throws (it queues and drops). */
export class MqttError extends DagwalletError<MqttErrorCode> {}
