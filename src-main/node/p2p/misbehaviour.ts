/**
 * What a peer can do wrong, and what it costs. A peer whose score reaches BAN_SCORE is banned:
 * disconnected, refused on reconnect, remembered across restarts until the ban expires. kaspad
 * bans at once for any protocol error marked "ban" (protocolerrors.Errorf(true, …)); we keep a
 * score so lesser faults (a request for something we never offered) take a few repeats.
 */
export const BAN_SCORE = 100;

export const OFFENCE_POINTS = {
  /** Bytes that do not decode as a message: garbage, a bad length, an unknown type. */
  MALFORMED_MESSAGE: 100,
  /** A frame or body above its size limit. */
  OVERSIZED_MESSAGE: 100,
  /** A block (or header) that breaks a consensus rule. */
  INVALID_BLOCK: 100,
  /** A transaction that breaks a consensus rule or is not a transaction a block could hold. */
  INVALID_TRANSACTION: 100,
  /** Data we did not ask for (a block, headers, a transaction), or not in the order asked. */
  UNREQUESTED_DATA: 100,
  /** A message no flow expects at this point (kaspad: unexpected message type). */
  UNEXPECTED_MESSAGE: 100,
  /** A pong whose nonce is not the ping's. */
  WRONG_PONG: 100,
  /** A request for a block we never announced to this peer, or for data we do not have. */
  UNANNOUNCED_REQUEST: 25,
  /** A request answered badly: addresses we did not ask for (not a rule break). */
  PROTOCOL_NUISANCE: 25,
} as const;
export type Offence = keyof typeof OFFENCE_POINTS;
