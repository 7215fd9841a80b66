/** An error reply as TWS words it: the code and the message the client receives. */
export interface IbErrorReply {
  code: number;
  message: string;
}

/** TWS's "max rate of messages per second exceeded": the request is dropped. */
export const PACING_VIOLATION = 100;

/** The IB error codes the simulator emits, with TWS's wording. */
export const IbError = {
  noSecurityDefinition: (): IbErrorReply => ({ code: 200, message: 'No security definition has been found for the request' }),
  ambiguousContract: (): IbErrorReply => ({ code: 200, message: 'The contract description specified is ambiguous' }),
  rejected: (reason: string): IbErrorReply => ({ code: 201, message: `Order rejected - reason:${reason}` }),
  cancelled: (): IbErrorReply => ({ code: 202, message: 'Order Canceled - reason:' }),
  invalidTick: (): IbErrorReply => ({ code: 110, message: 'The price does not conform to the minimum price variation for this contract.' }),
  pacing: (max: number, received: number): IbErrorReply => ({ code: PACING_VIOLATION, message: `Max rate of messages per second has been exceeded:max=${max} rec=${received} (1)` }),
  duplicateTicker: (id: number): IbErrorReply => ({ code: 102, message: `Duplicate ticker id ${id}` }),
  duplicateOrderId: (): IbErrorReply => ({ code: 103, message: 'Duplicate order id' }),
  modifyFilled: (): IbErrorReply => ({ code: 104, message: 'Cannot modify a filled order.' }),
  clientIdInUse: (): IbErrorReply => ({ code: 326, message: 'Unable to connect as the client id is already in use. Retry with a unique client id.' }),
  readError: (detail: string): IbErrorReply => ({ code: 320, message: `Error reading request:${detail}` }),
  validating: (detail: string): IbErrorReply => ({ code: 321, message: `Error validating request:-'${detail}'` }),
  unsupportedOrderType: (type: string): IbErrorReply => ({ code: 387, message: `Unsupported order type for this exchange and security type: ${type}` }),
  sizeInvalid: (): IbErrorReply => ({ code: 434, message: 'The order size must be a positive whole number' }),
  notSubscribed: (id: number): IbErrorReply => ({ code: 300, message: `Can't find EId with tickerId:${id}` }),
  cancelNotFound: (id: number): IbErrorReply => ({ code: 10147, message: `OrderId ${id} that needs to be cancelled is not found.` }),
  cancelNotPossible: (id: number, state: string): IbErrorReply => ({ code: 10148, message: `OrderId ${id} that needs to be cancelled cannot be cancelled, state: ${state}.` }),
  outsideRthIgnored: (): IbErrorReply => ({
    code: 2109,
    message: 'Order Event Warning:Attribute "Outside Regular Trading Hours" is ignored based on the order type and destination. PlaceOrder is now being processed.',
  }),
  connectivityLost: (): IbErrorReply => ({ code: 1100, message: 'Connectivity between IB and Trader Workstation has been lost.' }),
  restoredDataLost: (): IbErrorReply => ({ code: 1101, message: 'Connectivity between IB and Trader Workstation has been restored - data lost.' }),
  restoredDataKept: (): IbErrorReply => ({ code: 1102, message: 'Connectivity between IB and Trader Workstation has been restored - data maintained.' }),
  farmBroken: (farm: string): IbErrorReply => ({ code: 2103, message: `Market data farm connection is broken:${farm}` }),
  farmOk: (farm: string): IbErrorReply => ({ code: 2104, message: `Market data farm connection is OK:${farm}` }),
  hmdsOk: (farm: string): IbErrorReply => ({ code: 2106, message: `HMDS data farm connection is OK:${farm}` }),
  secDefOk: (farm: string): IbErrorReply => ({ code: 2158, message: `Sec-def data farm connection is OK:${farm}` }),
} as const;
