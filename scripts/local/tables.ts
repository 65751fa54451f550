import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { localClient } from "./dynamodb-local.ts";
import type { TableResource } from "./service-config.ts";

function createInput(table: TableResource): CreateTableCommandInput {
  const onDemand = table.BillingMode === "PAY_PER_REQUEST";
  const strip = (index: Record<string, unknown>) => {
    const { ProvisionedThroughput: _throughput, ...rest } = index;
    return onDemand ? rest : index;
  };
  return {
    TableName: table.TableName,
    AttributeDefinitions: table.AttributeDefinitions,
    KeySchema: table.KeySchema,
    BillingMode: table.BillingMode ?? "PAY_PER_REQUEST",
    ...(table.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: table.GlobalSecondaryIndexes.map(strip) } : {}),
    ...(table.LocalSecondaryIndexes ? { LocalSecondaryIndexes: table.LocalSecondaryIndexes } : {}),
  } as CreateTableCommandInput;
}

/** Creates the tables that do not exist yet, and switches on their TTL; returns the names it created. */
export async function ensureTables(endpoint: string, tables: TableResource[]): Promise<string[]> {
  const client = localClient(endpoint);
  try {
    const existing = new Set<string>();
    let start: string | undefined;
    do {
      const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
      for (const name of page.TableNames ?? []) existing.add(name);
      start = page.LastEvaluatedTableName;
    } while (start);

    const created: string[] = [];
    for (const table of tables) {
      if (!existing.has(table.TableName)) {
        await client.send(new CreateTableCommand(createInput(table)));
        created.push(table.TableName);
      }
      const ttl = table.TimeToLiveSpecification;
      if (ttl?.Enabled) {
        const current = await client.send(new DescribeTimeToLiveCommand({ TableName: table.TableName }));
        if (current.TimeToLiveDescription?.TimeToLiveStatus !== "ENABLED") {
          await client.send(
            new UpdateTimeToLiveCommand({
              TableName: table.TableName,
              TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
            }),
          );
        }
      }
    }
    return created;
  } finally {
    client.destroy();
  }
}
