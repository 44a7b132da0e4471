export class ExpireReservationsCommand {
  constructor(readonly batchSize = 500) {}
}
