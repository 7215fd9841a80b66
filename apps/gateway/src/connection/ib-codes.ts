/**
 * IB message codes, parsed once into what the gateway must do (ARCHITECTURE "IBKR behaviour").
 * Codes not listed are per-request errors when they carry a request or order id, else notices.
 */
export const CodeClass = {
  /** 1100, 2110, 1300, 502, 504: connectivity lost — suspend firing; in-flight submits unknown. */
  CONNECTIVITY_LOST: 'connectivity-lost',
  /** 1101: restored, data lost — resubscribe, then full reconciliation. */
  RESTORED_DATA_LOST: 'restored-data-lost',
  /** 1102: restored, data kept — reconcile anyway (executions may have been missed). */
  RESTORED_DATA_KEPT: 'restored-data-kept',
  /** 2103, 2105, 2157: a data farm is broken — its feeds are stale. */
  FARM_BROKEN: 'farm-broken',
  /** 2104, 2106, 2158: a data farm is OK — its feeds are fresh. */
  FARM_OK: 'farm-ok',
  /** 2107, 2108, 2159, 2119: farm inactive / connecting — benign. */
  BENIGN: 'benign',
  /** 100: pacing violation. */
  PACING: 'pacing',
  /** 101, 354, 10167, 10197, 10168, 10089, 10090: a user must see it. */
  USER_NOTICE: 'user-notice',
  /** 326: client id already in use — connect with another one. */
  CLIENT_ID_IN_USE: 'client-id-in-use',
  /** 102, 103: duplicate ticker id / order id — re-seed ids. */
  DUPLICATE_ID: 'duplicate-id',
  /** 110, 201, 202, 10147, 10148, 2109, 161, 135 …: about one order. */
  ORDER: 'order',
  OTHER: 'other',
} as const;
export type CodeClass = (typeof CodeClass)[keyof typeof CodeClass];

const table: ReadonlyMap<number, CodeClass> = new Map<number, CodeClass>([
  [1100, CodeClass.CONNECTIVITY_LOST],
  [2110, CodeClass.CONNECTIVITY_LOST],
  [1300, CodeClass.CONNECTIVITY_LOST],
  [502, CodeClass.CONNECTIVITY_LOST],
  [504, CodeClass.CONNECTIVITY_LOST],
  [1101, CodeClass.RESTORED_DATA_LOST],
  [1102, CodeClass.RESTORED_DATA_KEPT],
  [2103, CodeClass.FARM_BROKEN],
  [2105, CodeClass.FARM_BROKEN],
  [2157, CodeClass.FARM_BROKEN],
  [2104, CodeClass.FARM_OK],
  [2106, CodeClass.FARM_OK],
  [2158, CodeClass.FARM_OK],
  [2107, CodeClass.BENIGN],
  [2108, CodeClass.BENIGN],
  [2159, CodeClass.BENIGN],
  [2119, CodeClass.BENIGN],
  [100, CodeClass.PACING],
  [101, CodeClass.USER_NOTICE],
  [354, CodeClass.USER_NOTICE],
  [10167, CodeClass.USER_NOTICE],
  [10168, CodeClass.USER_NOTICE],
  [10197, CodeClass.USER_NOTICE],
  [10089, CodeClass.USER_NOTICE],
  [10090, CodeClass.USER_NOTICE],
  [326, CodeClass.CLIENT_ID_IN_USE],
  [102, CodeClass.DUPLICATE_ID],
  [103, CodeClass.DUPLICATE_ID],
  [110, CodeClass.ORDER],
  [135, CodeClass.ORDER],
  [161, CodeClass.ORDER],
  [201, CodeClass.ORDER],
  [202, CodeClass.ORDER],
  [2109, CodeClass.ORDER],
  [10147, CodeClass.ORDER],
  [10148, CodeClass.ORDER],
]);

export function classify(code: number): CodeClass {
  return table.get(code) ?? CodeClass.OTHER;
}

/** Farm name from "Market data farm connection is OK:usfarm" (text after the last colon). */
export function feedOf(message: string): string {
  const colon = message.lastIndexOf(':');
  const name = colon >= 0 ? message.slice(colon + 1).trim() : '';
  return name.length > 0 ? name : 'unknown';
}

/**
 * Whether an error about an order id rejects that order. Not rejections: 202 (TWS confirming our
 * own cancel), 2109 (outside-RTH ignored), 10147/10148/399 (notes on a cancel or an order), and 100
 * (pacing: TWS dropped the request, so there is no order to reject and it may be sent again).
 */
export function isOrderRejection(code: number): boolean {
  return code !== PACING_VIOLATION && code !== 202 && code !== 2109 && code !== 10147 && code !== 10148 && code !== 399 && code < 2100;
}

/** TWS's "max rate of messages per second exceeded". */
export const PACING_VIOLATION = 100;
