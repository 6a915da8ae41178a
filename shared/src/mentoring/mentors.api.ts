// Schemas of mentoring's mentors part (routes in server/src/modules/mentoring/mentors).
export {}
