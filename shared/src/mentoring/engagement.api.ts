// Schemas of mentoring's engagement part (routes in server/src/modules/mentoring/engagement).
export {}
