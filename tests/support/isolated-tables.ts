import { randomBytes } from "node:crypto";
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, type CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { localClient } from "../../scripts/local/dynamodb-local.ts";
import { startFeedServer, type FeedServer } from "./feed-server.js";

const TABLE_ENV = ["USERS_TABLE", "STATUS_TABLE", "SCHEDULES_TABLE"] as const;

/**
 * Fresh copies of the users, status and schedules tables (same keys and indexes as the tables global
 * setup created from serverless.yml, described from DynamoDB Local itself), pointed at through the same
 * environment variables the functions read (`variables`; by default the users, status and schedules tables). A poll run then sees only this file's users, whatever other
 * test files write at the same time. Returns the function that drops them and restores the environment.
 */
export async function useIsolatedTables(variables: readonly string[] = TABLE_ENV): Promise<() => Promise<void>> {
  const client = localClient(process.env.DYNAMODB_ENDPOINT!);
  const suffix = randomBytes(4).toString("hex");
  const saved: Record<string, string | undefined> = {};
  const created: string[] = [];
  for (const variable of variables) {
    const original = process.env[variable]!;
    const { Table } = await client.send(new DescribeTableCommand({ TableName: original }));
    const name = `${original}-${suffix}`;
    const input: CreateTableCommandInput = {
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: Table!.AttributeDefinitions,
      KeySchema: Table!.KeySchema,
      ...(Table!.GlobalSecondaryIndexes?.length
        ? {
            GlobalSecondaryIndexes: Table!.GlobalSecondaryIndexes.map((index) => ({
              IndexName: index.IndexName,
              KeySchema: index.KeySchema,
              Projection: index.Projection,
            })),
          }
        : {}),
      ...(Table!.LocalSecondaryIndexes?.length
        ? {
            LocalSecondaryIndexes: Table!.LocalSecondaryIndexes.map((index) => ({
              IndexName: index.IndexName,
              KeySchema: index.KeySchema,
              Projection: index.Projection,
            })),
          }
        : {}),
    };
    await client.send(new CreateTableCommand(input));
    created.push(name);
    saved[variable] = original;
    process.env[variable] = name;
  }
  return async () => {
    for (const variable of variables) process.env[variable] = saved[variable];
    await Promise.all(created.map((name) => client.send(new DeleteTableCommand({ TableName: name }))));
    client.destroy();
  };
}

/**
 * The setup of every poller test file: its own copy of the tables and a local feed server, both gone
 * after the file's tests. `env.feeds` is the server once `beforeAll` has run.
 */
export function useFeedServerAndIsolatedTables(): { readonly feeds: FeedServer } {
  let feeds: FeedServer | undefined;
  let dropTables: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    dropTables = await useIsolatedTables();
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await feeds?.close();
    await dropTables?.();
  });
  return {
    get feeds(): FeedServer {
      if (!feeds) throw new Error("the feed server starts in beforeAll");
      return feeds;
    },
  };
}
