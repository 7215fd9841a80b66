import { easternParts } from '@arctrigger/service-kit';
import type { WireValue } from '../framing';
import { Outgoing } from '../message-ids';
import { wireStatus } from '../../orders/order-status';
import type { SimOrder } from '../../orders/sim-order';
import { contractFields, twsTime } from './contract-fields';

/**
 * OPEN_ORDER at server version 193, field for field in the order of @stoqey/ib's OrderDecoder
 * (version = server version, so no faProfile and the CME tagging fields at the end).
 */
export function openOrderMessage(o: SimOrder): WireValue[] {
  return [
    Outgoing.OPEN_ORDER,
    o.orderId,
    ...contractFields(o.instrument),
    o.action, o.totalQuantity, o.orderType, o.lmtPrice, o.auxPrice, o.tif,
    o.ocaGroup,
    o.account,
    'O', // openClose
    0, // origin: customer
    o.orderRef, o.clientId, o.permId, o.outsideRth,
    0, // hidden
    0, // discretionaryAmt
    '', // goodAfterTime
    '', // sharesAllocation (skipped by the client)
    '', '', '', // faGroup, faMethod, faPercentage
    '', // modelCode
    '', // goodTillDate
    '', // rule80A
    '', // percentOffset
    '', // settlingFirm
    0, '', -1, // shortSaleSlot, designatedLocation, exemptCode
    0, // auctionStrategy
    '', '', '', // startingPrice, stockRefPrice, delta
    '', '', // stockRangeLower, stockRangeUpper
    '', // displaySize
    false, false, false, // blockOrder, sweepToFill, allOrNone
    '', // minQty
    o.ocaType,
    false, false, // eTradeOnly, firmQuoteOnly
    '', // nbboPriceCap
    o.parentId,
    0, // triggerMethod
    '', 0, '', '', 0, 0, // volatility, volatilityType, deltaNeutralOrderType (empty: no more DN fields), deltaNeutralAuxPrice, continuousUpdate, referencePriceType
    '', '', // trailStopPrice, trailingPercent
    '', '', // basisPoints, basisPointsType
    '', 0, 0, // comboLegsDescription, comboLegs, orderComboLegs
    0, // smartComboRoutingParams
    '', '', '', // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement (empty: no scale extras)
    '', // hedgeType (empty: no hedgeParam)
    false, // optOutSmartRouting
    '', '', // clearingAccount, clearingIntent
    false, // notHeld
    false, // deltaNeutralContract present
    '', // algoStrategy (empty: no params)
    false, // solicited
    false, wireStatus(o.state), // whatIf, status
    '', '', '', '', '', '', // margin before / change
    '', '', '', // margin after
    '', '', '', '', '', // commission, min, max, currency, warningText
    false, false, // randomizeSize, randomizePrice
    0, // conditions
    '', '', '', '', '', '', '', 0, // adjustedOrderType, triggerPrice, trailStopPrice, lmtPriceOffset, adjustedStopPrice, adjustedStopLimitPrice, adjustedTrailingAmount, adjustableTrailingUnit
    '', '', '', // softDollarTier name, value, displayName
    '', // cashQty
    false, false, false, false, // dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo
    0, // duration
    '', // postToAts
    false, // autoCancelParent
    '', '', '', '', '', // minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole, midOffsetAtHalf
    '', false, // customerAccount, professionalCustomer
    '', false, // bondAccruedInterest, includeOvernight
    '', '', // extOperator, manualOrderIndicator
  ];
}

/** ORDER_STATUS at server version ≥ 131 (no version field, mktCapPrice at the end). */
export function orderStatusMessage(o: SimOrder): WireValue[] {
  return [
    Outgoing.ORDER_STATUS,
    o.orderId, wireStatus(o.state), o.filled, o.totalQuantity - o.filled, o.avgFillPrice,
    o.permId, o.parentId, o.lastFillPrice, o.clientId,
    '', // whyHeld
    0, // mktCapPrice
  ];
}

/** COMPLETED_ORDER, in the order of @stoqey/ib's decodeMsg_COMPLETED_ORDER. */
export function completedOrderMessage(o: SimOrder): WireValue[] {
  return [
    Outgoing.COMPLETED_ORDER,
    ...contractFields(o.instrument),
    o.action, o.totalQuantity, o.orderType, o.lmtPrice, o.auxPrice, o.tif,
    o.ocaGroup, o.account, 'O', 0, o.orderRef, o.permId, o.outsideRth,
    0, 0, '', // hidden, discretionaryAmt, goodAfterTime
    '', '', '', // faGroup, faMethod, faPercentage
    '', '', '', '', '', // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm
    0, '', -1, // shortSaleSlot, designatedLocation, exemptCode
    '', '', '', '', '', // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
    '', // displaySize
    false, false, // sweepToFill, allOrNone
    '', o.ocaType, 0, // minQty, ocaType, triggerMethod
    '', 0, '', '', 0, 0, // volatility params (no delta-neutral)
    '', '', // trailStopPrice, trailingPercent
    '', 0, 0, // combo legs
    0, // smartComboRoutingParams
    '', '', '', // scale
    '', // hedgeType
    '', '', // clearing
    false, false, // notHeld, deltaNeutralContract
    '', // algoStrategy
    false, // solicited
    wireStatus(o.state),
    false, false, // randomize
    0, // conditions
    '', '', // trailStopPrice, lmtPriceOffset
    '', // cashQty
    false, false, // dontUseAutoPriceForHedge, isOmsContainer
    '', o.filled, 0, // autoCancelDate, filledQuantity, refFuturesConId
    false, '', false, false, // autoCancelParent, shareholder, imbalanceOnly, routeMarketableToBbo
    0, // parentPermId
    o.completedAt ? twsTime(o.completedAt, easternParts) : '',
    o.state === 'Filled' ? 'Filled' : o.state === 'Inactive' ? 'Rejected' : 'Cancelled by Trader',
    '', '', '', '', '', // peg best / mid
    '', false, // customerAccount, professionalCustomer
  ];
}
