/** Message ids the client sends (TWS API `OUT_MSG_ID` seen from the server side). */
export const Incoming = {
  REQ_MKT_DATA: 1,
  CANCEL_MKT_DATA: 2,
  PLACE_ORDER: 3,
  CANCEL_ORDER: 4,
  REQ_OPEN_ORDERS: 5,
  REQ_EXECUTIONS: 7,
  REQ_IDS: 8,
  REQ_CONTRACT_DATA: 9,
  REQ_AUTO_OPEN_ORDERS: 15,
  REQ_ALL_OPEN_ORDERS: 16,
  REQ_MANAGED_ACCTS: 17,
  REQ_CURRENT_TIME: 49,
  REQ_GLOBAL_CANCEL: 58,
  REQ_MARKET_DATA_TYPE: 59,
  REQ_POSITIONS: 61,
  CANCEL_POSITIONS: 64,
  START_API: 71,
  REQ_SEC_DEF_OPT_PARAMS: 78,
  REQ_MATCHING_SYMBOLS: 81,
  REQ_MARKET_RULE: 91,
  REQ_COMPLETED_ORDERS: 99,
} as const;
export type Incoming = (typeof Incoming)[keyof typeof Incoming];

/** Message ids the server sends (TWS API `IN_MSG_ID`). */
export const Outgoing = {
  TICK_PRICE: 1,
  TICK_SIZE: 2,
  ORDER_STATUS: 3,
  ERR_MSG: 4,
  OPEN_ORDER: 5,
  NEXT_VALID_ID: 9,
  CONTRACT_DATA: 10,
  EXECUTION_DATA: 11,
  MANAGED_ACCTS: 15,
  TICK_OPTION_COMPUTATION: 21,
  TICK_GENERIC: 45,
  TICK_STRING: 46,
  CURRENT_TIME: 49,
  CONTRACT_DATA_END: 52,
  OPEN_ORDER_END: 53,
  EXECUTION_DATA_END: 55,
  TICK_SNAPSHOT_END: 57,
  MARKET_DATA_TYPE: 58,
  COMMISSION_REPORT: 59,
  POSITION: 61,
  POSITION_END: 62,
  SECURITY_DEFINITION_OPTION_PARAMETER: 75,
  SECURITY_DEFINITION_OPTION_PARAMETER_END: 76,
  SYMBOL_SAMPLES: 79,
  TICK_REQ_PARAMS: 81,
  MARKET_RULE: 93,
  COMPLETED_ORDER: 101,
  COMPLETED_ORDERS_END: 102,
} as const;
export type Outgoing = (typeof Outgoing)[keyof typeof Outgoing];

/** TWS tick types the simulator emits. */
export const TickType = {
  BID_SIZE: 0,
  BID: 1,
  ASK: 2,
  ASK_SIZE: 3,
  LAST: 4,
  LAST_SIZE: 5,
  HIGH: 6,
  LOW: 7,
  VOLUME: 8,
  CLOSE: 9,
  BID_OPTION: 10,
  ASK_OPTION: 11,
  LAST_OPTION: 12,
  MODEL_OPTION: 13,
  OPEN: 14,
  LAST_TIMESTAMP: 45,
  DELAYED_BID: 66,
  DELAYED_ASK: 67,
  DELAYED_LAST: 68,
} as const;
export type TickType = (typeof TickType)[keyof typeof TickType];

/** The highest server version `@stoqey/ib` 1.6.10 accepts; real TWS negotiates down to it. */
export const SERVER_VERSION = 193;
export const MIN_CLIENT_VERSION = 100;
