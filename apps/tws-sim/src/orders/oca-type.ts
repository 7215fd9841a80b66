/**
 * The TWS API's ocaType. IB: "1 = Cancel all remaining orders with block, 2 = Remaining orders
 * are proportionately reduced in size with block, 3 = Remaining orders are proportionately
 * reduced in size with no block". "Block" is overfill protection: only one order of the group is
 * at the exchange at a time, so no two members can execute before the group is adjusted.
 */
export const OcaType = {
  /** Not set (the client sent 0 or nothing). In a group it works as CANCEL_WITH_BLOCK. */
  NONE: 0,
  CANCEL_WITH_BLOCK: 1,
  REDUCE_WITH_BLOCK: 2,
  REDUCE_NON_BLOCK: 3,
} as const;
export type OcaType = (typeof OcaType)[keyof typeof OcaType];

/** Reads ocaType from the wire: 1–3 as sent, anything else is NONE. */
export function parseOcaType(raw: number): OcaType {
  return raw === 1 || raw === 2 || raw === 3 ? raw : OcaType.NONE;
}
