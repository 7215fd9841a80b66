/** @arctrigger/tws-sim — a TWS API server for development and tests (built by the tws-sim issue). */
export {};
