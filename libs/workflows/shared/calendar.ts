/** Calendar arithmetic on YYYY-MM-DD dates (Asia/Ho_Chi_Minh dates, no time of day). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The date in Asia/Ho_Chi_Minh (UTC+7, no DST) of an ISO instant. */
export function vietnamDateOf(instant: string): string {
  return new Date(Date.parse(instant) + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

/** 00:00 in Asia/Ho_Chi_Minh of a date, as an ISO instant. */
export function instantOf(date: string): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString();
}
