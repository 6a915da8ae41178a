// Schemas of mentoring's matching part (routes in server/src/modules/mentoring/matching).
export {}
