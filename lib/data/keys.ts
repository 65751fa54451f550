// Every DynamoDB key of the service is built here, and nowhere else.

export const userKey = (userId: string) => ({ pk: `USER#${userId}` });

export type StatusSource = "manual" | "calendar";
export const statusPartition = (userId: string) => ({ pk: `USER#${userId}` });
export const statusKey = (userId: string, source: StatusSource) => ({
  pk: `USER#${userId}`,
  sk: source === "manual" ? "STATUS#MANUAL" : "STATUS#CALENDAR",
});
