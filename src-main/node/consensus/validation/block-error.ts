import { DagwalletError } from '../../errors.ts';

/**
 * Why a block is refused, one code per consensus rule (kaspad ruleerrors names in comments), so
 * P2P can score the sender, the API can answer with it and tests can tell the rules apart.
 */
export const BlockErrorCode = {
  /** Already in the store. */
  DUPLICATE_BLOCK: 'DUPLICATE_BLOCK',
  /** Rejected before, in this session. */
  KNOWN_INVALID: 'KNOWN_INVALID',
  /** ErrWrongBlockVersion */
  WRONG_VERSION: 'WRONG_VERSION',
  /** ErrTimeTooMuchInTheFuture */
  TIME_TOO_FAR_IN_FUTURE: 'TIME_TOO_FAR_IN_FUTURE',
  /** ErrNoParents */
  NO_PARENTS: 'NO_PARENTS',
  /** ErrTooManyParents */
  TOO_MANY_PARENTS: 'TOO_MANY_PARENTS',
  /** ErrNegativeTarget / ErrTargetTooHigh */
  TARGET_OUT_OF_RANGE: 'TARGET_OUT_OF_RANGE',
  /** ErrInvalidPoW */
  INVALID_POW: 'INVALID_POW',
  /** ErrMissingParents */
  MISSING_PARENTS: 'MISSING_PARENTS',
  /** ErrInvalidAncestorBlock */
  INVALID_PARENT: 'INVALID_PARENT',
  /** ErrInvalidParentsRelation: one parent is in the past of another (or repeated). */
  INVALID_PARENTS_RELATION: 'INVALID_PARENTS_RELATION',
  /** ErrUnexpectedDAAScore */
  UNEXPECTED_DAA_SCORE: 'UNEXPECTED_DAA_SCORE',
  /** ErrUnexpectedDifficulty */
  UNEXPECTED_DIFFICULTY: 'UNEXPECTED_DIFFICULTY',
  /** ErrUnexpectedBlueScore */
  UNEXPECTED_BLUE_SCORE: 'UNEXPECTED_BLUE_SCORE',
  /** ErrUnexpectedBlueWork */
  UNEXPECTED_BLUE_WORK: 'UNEXPECTED_BLUE_WORK',
  /** ErrTimeTooOld: not after the past median time. */
  TIME_TOO_OLD: 'TIME_TOO_OLD',
  /** ErrViolatingMergeLimit */
  MERGESET_TOO_BIG: 'MERGESET_TOO_BIG',
  /** ErrViolatingBoundedMergeDepth */
  VIOLATES_MERGE_DEPTH: 'VIOLATES_MERGE_DEPTH',
  /** ErrUnexpectedParents: parents by level differ from what the direct parents imply. */
  UNEXPECTED_PARENTS: 'UNEXPECTED_PARENTS',
  /** ErrUnexpectedPruningPoint */
  UNEXPECTED_PRUNING_POINT: 'UNEXPECTED_PRUNING_POINT',
} as const;
export type BlockErrorCode = (typeof BlockErrorCode)[keyof typeof BlockErrorCode];

export class BlockError extends DagwalletError<BlockErrorCode> {
  /** For MISSING_PARENTS: the parents to fetch before the block can be retried. */
  readonly missing: readonly string[];

  constructor(code: BlockErrorCode, message: string, missing: readonly string[] = []) {
    super(code, message);
    this.missing = missing;
  }
}
