// Tests run with their own data directory so they never touch a developer's .data/.
import os from "node:os";
import path from "node:path";

process.env.DATA_DIR ??= path.join(os.tmpdir(), `framecart-test-${process.pid}`);
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";
