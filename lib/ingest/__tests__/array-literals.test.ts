import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "../../../test/db";
import { booleanArrayLiteral, numberArrayLiteral, textArrayLiteral } from "../array-literals";

const testDb = useTestDb();

async function roundTrip<T>(literal: string, type: "text[]" | "float8[]" | "int8[]" | "boolean[]"): Promise<T[]> {
  const result = await testDb.db.execute(sql`SELECT ${literal}::${sql.raw(type)} AS value`);
  return (result as unknown as { rows: { value: T[] }[] }).rows[0].value;
}

const TEXTS = [
  "fl-2999999",
  "",
  "NULL",
  "null",
  "a,b",
  "{braces}",
  " spaced ",
  'quote "inside"',
  "back\\slash",
  "line\nbreak",
  "tab\there",
  "bell\u0007",
  "naïve café",
  "emoji 🚀",
];

describe("array literals", () => {
  it("keeps every string through PostgreSQL", async () => {
    expect(await roundTrip<string>(textArrayLiteral(TEXTS), "text[]")).toEqual(TEXTS);
  });

  it("keeps plain strings through the JSON path", async () => {
    const plain = ["fl-1", "NULL", "a,b", "{x}", "naïve"];

    expect(textArrayLiteral(plain)).toBe('{"fl-1","NULL","a,b","{x}","naïve"}');
    expect(await roundTrip<string>(textArrayLiteral(plain), "text[]")).toEqual(plain);
  });

  it("keeps numbers and nulls through PostgreSQL", async () => {
    const floats = [0.123456, 57.123, -0.5, 1e-7, 1e21, 0, null];
    const epochs = [1764000000000, 1764000004000, null];

    expect(await roundTrip<number | null>(numberArrayLiteral(floats), "float8[]")).toEqual(floats);
    // node-postgres returns int8 as text and PGlite as a number.
    const storedEpochs = await roundTrip<string | number | null>(numberArrayLiteral(epochs), "int8[]");
    expect(storedEpochs.map((value) => (value === null ? null : Number(value)))).toEqual(epochs);
  });

  it("keeps booleans through PostgreSQL", async () => {
    const flags = [true, false, false, true];

    expect(await roundTrip<boolean>(booleanArrayLiteral(flags), "boolean[]")).toEqual(flags);
  });

  it("builds an empty array", () => {
    expect(numberArrayLiteral([])).toBe("{}");
    expect(textArrayLiteral([])).toBe("{}");
    expect(booleanArrayLiteral([])).toBe("{}");
  });
});
