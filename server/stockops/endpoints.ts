/** Registry key `stockops`: the stock operations' endpoints live beside their verbs. */
export * from '../stock/operations/endpoints';
