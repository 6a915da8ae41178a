/**
 * A module's service: it holds what it depends on (the pool, other modules' services, the mailer),
 * given once as one object, so `new FirmsService({ db, crm })` names each dependency and the app
 * itself (which has them all as decorators) can be passed as it is: `new FirmsService(app)`.
 */
export abstract class Service<Deps extends object> {
  protected readonly deps: Deps
  constructor(deps: Deps) {
    this.deps = deps
  }
}
