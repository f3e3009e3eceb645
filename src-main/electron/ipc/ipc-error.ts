import { DagwalletError } from '../../node/errors.ts';
import { IpcRefusalReason } from '../../../src-shared/ipc-node-client.ts';

/** The codes of a refusal: the reasons the renderer sees (src-shared/ipc-node-client.ts). */
export const IpcRefusalCode = IpcRefusalReason;
export type IpcRefusalCode = IpcRefusalReason;

/** Main refuses to forward a renderer's request; answered as IPC_REFUSED with this code as the reason. */
export class IpcRefusal extends DagwalletError<IpcRefusalCode> {}
