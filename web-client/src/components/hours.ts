/** Minutes as hours with one decimal, as the hours screens show them. */
export function hours(minutes: number): string {
  return (Math.round((minutes / 60) * 10) / 10).toFixed(1);
}
