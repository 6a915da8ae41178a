import { sql, type RawBuilder, type SqlBool } from 'kysely'

/** An agreement (alias `a`, or the one given) valid today: started, and not ended before today. */
export function agreementInForce(alias = 'a'): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.valid_from`)} <= current_date and (${sql.ref(`${alias}.valid_to`)} is null or ${sql.ref(`${alias}.valid_to`)} >= current_date))`
}

/** An agreement that has not ended: in force, or signed to start later. */
export function agreementNotEnded(alias = 'a'): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.valid_to`)} is null or ${sql.ref(`${alias}.valid_to`)} >= current_date)`
}
