// Schemas of mentoring's expenses part (routes in server/src/modules/mentoring/expenses).
export {}
