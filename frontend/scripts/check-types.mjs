// Fails when src/api/schema.d.ts no longer matches what backend/openapi.yaml generates, so the
// committed API types can never silently drift from the schema the backend publishes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const schema = resolve(root, "../backend/openapi.yaml");
const committed = resolve(root, "src/api/schema.d.ts");
const workdir = mkdtempSync(join(tmpdir(), "fxs-schema-"));
const fresh = join(workdir, "schema.d.ts");

try {
  execFileSync(
    process.execPath,
    [resolve(root, "node_modules/openapi-typescript/bin/cli.js"), schema, "-o", fresh],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  if (readFileSync(fresh, "utf8") !== readFileSync(committed, "utf8")) {
    console.error(
      "src/api/schema.d.ts is out of date with backend/openapi.yaml: run `npm run gen:types` and commit it.",
    );
    process.exitCode = 1;
  } else {
    console.log("src/api/schema.d.ts matches backend/openapi.yaml.");
  }
} finally {
  rmSync(workdir, { recursive: true, force: true });
}
